"""The 科技创新 ledgers declared for the generic pages, import and export."""

from __future__ import annotations

from kegong.ledgers.base import Ledger, register
from kegong.readers.ledger import ENTERPRISE, Column, LedgerSpec
from kegong.tech.models import HighTechCertificate

CERTIFICATES = register(Ledger(
    slug="high-tech", name="高新技术企业证书", group="科技创新", model=HighTechCertificate,
    spec=LedgerSpec("高新技术企业证书", (
        *ENTERPRISE,
        Column("number", "证书编号", (r"证书(编)?号", r"编号"), required=True),
        Column("issued", "发证日期", (r"发证(日期|时间)", r"认定(日期|时间)", r"颁发日期"), kind="date", required=True),
        Column("batch", "认定批次", (r"(认定)?批次",)),
        Column("note", "备注", (r"备注",)),
    )),
    key=("number",),
    to_fields=lambda v: {"enterprise": v["enterprise"], "number": v.get("number"), "issued": v.get("issued"),
                         "batch": v.get("batch") or "", "note": v.get("note") or ""},
    list_columns=(("enterprise", "企业"), ("number", "证书编号"), ("issued", "发证日期"),
                  ("valid_until", "有效期至"), ("batch", "认定批次")),
    order=("-issued", "number"),
    form_fields=("enterprise", "number", "issued", "batch", "note"),
))
