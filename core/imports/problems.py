"""Import problems as staff read them: one line each, with spreadsheet row, column, value and reason."""

from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from import_export.results import Result

from core.imports.cells import cell_text, sheet_row
from core.imports.resources import ColumnsRefused, PortalResource


@dataclass(frozen=True)
class ImportProblem:
    row: int | None
    column: str
    value: str
    reason: str
    values: dict


def describe_problems(result: Result, resource: PortalResource) -> list[ImportProblem]:
    """Every problem of an import result, one line each: the file's, then row by row."""
    columns = {field.attribute: field.column_name for field in resource.fields.values() if field.attribute}
    problems: list[ImportProblem] = []
    refused = [error for error in result.base_errors if isinstance(error.error, ColumnsRefused)]
    for error in refused or result.base_errors:
        column = ", ".join(getattr(error.error, "missing", []) + getattr(error.error, "unknown", []))
        problems.append(ImportProblem(None, column, "", _plain(error.error), {}))

    by_row: list[tuple[int, ImportProblem]] = []
    for invalid in result.invalid_rows:
        values = dict(zip(result.diff_headers, invalid.values, strict=False))
        for attribute, messages in invalid.error_dict.items():
            column = "" if attribute == NON_FIELD_ERRORS else columns.get(attribute, attribute)
            for message in messages:
                by_row.append(
                    (
                        invalid.number,
                        ImportProblem(
                            sheet_row(invalid.number), column, cell_text(values.get(column)), str(message), values
                        ),
                    )
                )
    for error_row in result.error_rows:
        for error in error_row.errors:
            values = dict(error.row or {})
            by_row.append(
                (error_row.number, ImportProblem(sheet_row(error_row.number), "", "", _plain(error.error), values))
            )
    problems.extend(problem for _number, problem in sorted(by_row, key=lambda pair: pair[0]))
    return problems


def _plain(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
