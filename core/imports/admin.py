"""Spreadsheet import and export in the admin (django-import-export), made strict and readable.

The flow is django-import-export's: upload, dry-run preview, confirm. On top of it:
- CSV and XLSX only, in and out;
- every problem listed as spreadsheet row, column, value and reason, and downloadable as a CSV
  beside the original values, so the sheet can be fixed and uploaded again;
- nothing of a file is written when any row is bad, at the preview and at the confirm step alike
  (the resource rolls back its one transaction);
- the rows chosen on a changelist can be exported with an action.
"""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from import_export.admin import ExportActionMixin, ImportExportMixin
from import_export.forms import ExportForm
from import_export.results import Result

from core.imports.formats import FileRefused, SafeCSV, SafeXLSX
from core.imports.preview import column_titles, preview_of, summary_of
from core.imports.problems import ImportProblem, describe_problems

PROBLEM_COLUMNS = ["row", "column", "value", "problem"]


def _session_key(opts) -> str:
    return f"import-problems:{opts.app_label}.{opts.model_name}"


class SpreadsheetAdminMixin(ImportExportMixin, ExportActionMixin):
    """Import (with preview) and export for a model admin, plus 'export selected' as an action."""

    import_formats = [SafeCSV, SafeXLSX]
    export_formats = [SafeCSV, SafeXLSX]
    # Every column, always: an export is also the template for the next import.
    export_form_class = ExportForm
    import_template_name = "admin/portal/import.html"
    # The change form keeps the history button; export is on the changelist and as an action.
    show_change_form_export = False
    change_form_template = None

    def get_urls(self) -> list:
        opts = self.model._meta
        return [
            path(
                "import/problems.csv",
                self.admin_site.admin_view(self.import_problems_csv),
                name=f"{opts.app_label}_{opts.model_name}_import_problems",
            ),
            *super().get_urls(),
        ]

    def get_import_data_kwargs(self, **kwargs) -> dict:
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs.pop("request", None)
        return kwargs

    def get_import_context_data(self, **kwargs) -> dict:
        resource = self.get_import_resource_classes(None)[0]()
        return {"required_columns": resource.required_columns}

    def import_action(self, request: HttpRequest, **kwargs) -> HttpResponse:
        """Upload and dry-run preview (django-import-export's), with the problems listed our way."""
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None)
        if context is not None:
            self._list_importable_columns(context)
            if context.get("result") is not None:
                self._add_problems(request, context, context["result"])
                context["preview"] = preview_of(context["result"])
                context["preview_headers"] = column_titles(self.get_import_resource_classes(request)[0]())
        return response

    def add_data_read_fail_error_to_form(self, form, e: Exception) -> None:
        """A file that cannot be read says why in words staff can act on, not an exception's name."""
        if isinstance(e, FileRefused):
            message = str(e)
        elif isinstance(e, UnicodeError):
            message = _(
                "The file is not saved as UTF-8 text, so its letters would be garbled. In your spreadsheet "
                "program choose Save As, then “CSV UTF-8 (comma delimited)”, and upload that file; or upload "
                "the workbook as XLSX."
            )
        else:
            message = _("The file could not be read as the format chosen. Check the format, or save it again.")
        form.add_error("import_file", message)

    def _list_importable_columns(self, context: dict) -> None:
        # Only the columns an import reads: an export's extra columns are accepted and ignored.
        resource = self.get_import_resource_classes(None)[0]
        context["fields_list"] = [(resource.get_display_name(), resource().importable_columns())]

    def process_result(self, result: Result, request: HttpRequest) -> HttpResponse:
        """After the confirm step: a file that went bad since its preview writes nothing and says why."""
        if result.has_errors() or result.has_validation_errors():
            context = self.admin_site.each_context(request)
            context.update(self.get_import_context_data())
            context.update(
                {
                    "title": _("Import"),
                    "opts": self.model._meta,
                    "form": self.get_import_form_class(request)(
                        self.get_import_formats(), self.get_import_resource_classes(request)
                    ),
                    "result": result,
                    "import_error_display": self.import_error_display,
                }
            )
            self._list_importable_columns(context)
            self._add_problems(request, context, result)
            messages.error(request, _("Nothing was imported: the file has problems (listed below)."))
            request.current_app = self.admin_site.name
            return TemplateResponse(request, [self.import_template_name], context)
        return super().process_result(result, request)

    def _add_problems(self, request: HttpRequest, context: dict, result: Result) -> None:
        """The problems of a file, and its rows counted by what the import does with each."""
        problems = describe_problems(result, self.get_import_resource_classes(request)[0]())
        context["problems"] = problems
        context["summary"] = summary_of(result)
        if problems:
            request.session[_session_key(self.model._meta)] = self._problem_rows(problems)
            opts = self.model._meta
            context["problems_csv_url"] = reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_import_problems"
            )

    @staticmethod
    def _problem_rows(problems: list[ImportProblem]) -> dict:
        value_columns: list[str] = []
        for problem in problems:
            value_columns.extend(column for column in problem.values if column not in value_columns)
        rows = [
            [problem.row or "", problem.column, problem.value, problem.reason]
            + [str(problem.values.get(column) or "") for column in value_columns]
            for problem in problems
        ]
        return {"header": PROBLEM_COLUMNS + value_columns, "rows": rows}

    def import_problems_csv(self, request: HttpRequest) -> HttpResponse:
        """The problems of this person's last import of this model, as CSV. Staff who may import only."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        stored = request.session.get(_session_key(self.model._meta)) or {"header": PROBLEM_COLUMNS, "rows": []}
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.model._meta.model_name}-import-problems.csv"'
        response.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
        writer = csv.writer(response)
        writer.writerow(stored["header"])
        writer.writerows(stored["rows"])
        return response
