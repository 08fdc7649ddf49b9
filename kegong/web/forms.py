"""Forms of the data pages (import, downloads). Messages are Chinese."""

from __future__ import annotations

from django import forms

from kegong.core.catalogue import INDICATORS
from kegong.core.periods import Period, PeriodError
from kegong.readers.detect import SOURCE_CHOICES, source_label


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)]


def _period(text: str) -> str:
    text = (text or "").strip()
    if not text:
        return ""
    try:
        Period.parse(text)
    except PeriodError as e:
        raise forms.ValidationError(str(e)) from None
    return text


class ImportForm(forms.Form):
    files = MultipleFileField(label="文件", error_messages={"required": "请选择要导入的文件（.xlsx、.xls 或 .csv）"},
                              widget=MultipleFileInput(attrs={"accept": ".xlsx,.xls,.csv"}))
    source = forms.ChoiceField(label="来源", required=False,
                               choices=[("", "自动识别")] + [(s, source_label(s)) for s in SOURCE_CHOICES])
    period = forms.CharField(label="期别", required=False, max_length=20,
                             widget=forms.TextInput(attrs={"placeholder": "如 2026-06，留空则从标题、工作表名或文件名识别"}))

    def clean_period(self) -> str:
        return _period(self.cleaned_data.get("period", ""))


class FiguresExportForm(forms.Form):
    period = forms.CharField(label="期别", required=False, max_length=20,
                             widget=forms.TextInput(attrs={"placeholder": "如 2026-06，留空导出全部"}))
    indicator = forms.ChoiceField(label="指标", required=False,
                                  choices=[("", "全部指标")] + [(d.code, d.name) for d in INDICATORS])

    def clean_period(self) -> str:
        return _period(self.cleaned_data.get("period", ""))


class TemplateForm(forms.Form):
    with_enterprises = forms.BooleanField(label="预填企业库中的全部企业", required=False)
    period = forms.CharField(label="预填期别", required=False, max_length=20,
                             widget=forms.TextInput(attrs={"placeholder": "如 2026-06，随预填的企业填入"}))

    def clean_period(self) -> str:
        return _period(self.cleaned_data.get("period", ""))
