"""A deterministic demo county: the generator is pure (seed → records); ``load`` writes it through the
same service an import uses."""
