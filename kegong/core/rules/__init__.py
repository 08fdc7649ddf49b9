"""Self-checks of the bureau's qualification rules, written as data: each criterion a row naming its source.

- :mod:`kegong.core.rules.high_tech` — 高新技术企业认定 (《高新技术企业认定管理办法》, 2016);
- :mod:`kegong.core.rules.tech_sme` — 科技型中小企业评价 (《科技型中小企业评价办法》, 2017, and its 2022
  工作指引);
- :mod:`kegong.core.rules.common` — the outcomes, findings, exact ratios and figures they share.

A self-check is not a 认定: it decides what the figures an enterprise gives can decide, exactly (Decimal and
Fraction, never float), and says what is missing for the rest. Pure: no Django, no I/O.
"""
