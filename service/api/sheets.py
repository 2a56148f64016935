"""Excel in and out over the API: the nominee list template and its import into a dossier, and
the .xlsx exports of the dossier list and the decision register.

An upload is read here (``service.documents.spreadsheets``, which refuses a hostile file with 422
on ``file``) and handed to the use case as numbered rows of plain values. An import that finds
problems answers 422 with the same body as one that succeeds: ``imported`` (0) and ``errors``,
each with the row as Excel numbers it, the column's header and what is wrong.
"""

from __future__ import annotations

from flask import Blueprint, Response, request
from pydantic import BaseModel, Field

from service.api.dossiers import FILTERS, dossier_filter
from service.api.http import answer, caller, doc, int_arg
from service.documents import spreadsheets, workbooks
from service.domain.content_types import XLSX
from service.domain.errors import Invalid
from service.domain.sheets import Row, chosen_rows
from service.downloads import made_response
from service.services import services
from service.usecases.nominee_import import ImportReport

bp = Blueprint("sheets", __name__)
# The most dossiers one export holds; the list page pages through more.
EXPORT_ROWS = 5000
TRUE = {"1", "true", "on", "yes", "có"}


class RowErrorOut(BaseModel):
    row: int | None = Field(description="the row as Excel numbers it; null: the whole sheet")
    column: str = Field(description="the column's header as the template writes it")
    message: str


class ImportOut(BaseModel):
    imported: int = Field(description="rows imported (dry run: rows that would be); 0 on errors")
    dry_run: bool
    errors: list[RowErrorOut]


def import_out(report: ImportReport) -> tuple[Response, int]:
    out = ImportOut(
        imported=report.imported,
        dry_run=report.dry_run,
        errors=[RowErrorOut(row=e.row, column=e.column, message=e.message) for e in report.errors],
    )
    return answer(out, 422 if report.errors and not report.dry_run else 200)


def uploaded_rows() -> list[Row]:
    """The rows of the uploaded ``file``: read at most one byte past the size limit."""
    file = request.files.get("file")
    if file is None or not file.filename:
        raise Invalid("Hãy chọn tệp Excel (.xlsx) cần nhập.", {"file": "Trường này là bắt buộc."})
    content = file.stream.read(spreadsheets.LIMITS.file_bytes + 1)
    return [(r.number, r.values) for r in spreadsheets.read_rows(content)]


def dry_run() -> bool:
    return request.form.get("dry_run", "").strip().lower() in TRUE


@bp.get("/dossiers/nominees/template.xlsx")
@doc("Tải tệp mẫu danh sách đề nghị khen thưởng (.xlsx)", produces=(XLSX,))
def nominee_template() -> Response:
    caller()
    return made_response(
        workbooks.nominee_template(), name="Mẫu danh sách đề nghị.xlsx", mimetype=XLSX
    )


@bp.post("/dossiers/<int:dossier_id>/nominees/import")
@doc(
    "Nhập danh sách đối tượng từ tệp Excel theo mẫu, thêm vào cuối danh sách của hồ sơ (người "
    "đã có giữ nguyên mã); rows: các dòng chọn nhập (ví dụ 2, 4, 7-9), dry_run: chỉ kiểm tra. "
    "Có dòng sai thì không nhập dòng nào (422, kèm lỗi theo dòng và cột)",
    response=ImportOut,
    errors=(401, 403, 404, 409, 413, 422),
    form=("file", "rows", "dry_run"),
)
def import_nominees(dossier_id: int) -> tuple[Response, int]:
    svc, actor = services(), caller()
    chosen = chosen_rows(request.form.get("rows"))
    rows = uploaded_rows()
    report = svc.import_nominees(dossier_id, rows, chosen, dry_run=dry_run(), actor=actor)
    return import_out(report)


@bp.get("/people/template.xlsx")
@doc("Tải tệp mẫu nhập người và quá trình khen thưởng (.xlsx)", produces=(XLSX,))
def people_template() -> Response:
    caller()
    return made_response(
        workbooks.people_template(), name="Mẫu quá trình khen thưởng.xlsx", mimetype=XLSX
    )


@bp.post("/people/import")
@doc(
    "Nhập người, tập thể và quá trình khen thưởng từ tệp Excel theo mẫu, mỗi dòng một mục "
    "(người nhận ra theo CCCD, hoặc họ tên + ngày sinh + đơn vị; chưa có thì thêm mới); "
    "dry_run: chỉ kiểm tra. Có dòng sai thì không nhập gì (422, kèm lỗi theo dòng và cột)",
    response=ImportOut,
    errors=(401, 403, 409, 413, 422),
    form=("file", "dry_run"),
)
def import_people() -> tuple[Response, int]:
    svc, actor = services(), caller()
    return import_out(svc.import_people(uploaded_rows(), dry_run=dry_run(), actor=actor))


@bp.get("/people/<int:person_id>/history.xlsx")
@doc(
    "Xuất quá trình khen thưởng của một người, tập thể ra Excel (theo mẫu nhập)",
    errors=(401, 404),
    produces=(XLSX,),
)
def person_history(person_id: int) -> Response:
    svc = services()
    history = svc.person_history(person_id, actor=caller())
    content = workbooks.person_history(history, scope_names(svc.level_names()))
    name = f"Quá trình khen thưởng {history.person.full_name}.xlsx"
    return made_response(content, name=name, mimetype=XLSX)


def scope_names(level_names: dict[str, str]) -> dict[str, str]:
    return {**level_names, "national": "Toàn quốc"}


@bp.get("/dossiers/export.xlsx")
@doc(
    "Xuất danh sách hồ sơ ra Excel, với cùng bộ lọc như GET /dossiers (tối đa 5000 hồ sơ)",
    errors=(401, 422),
    query=FILTERS,
    produces=(XLSX,),
)
def export_dossiers() -> Response:
    page = services().dossier_list_page(dossier_filter(), None, EXPORT_ROWS, actor=caller())
    content = workbooks.dossier_list(page.items, page.awards, page.level_names, more=page.next)
    return made_response(content, name="Danh sách hồ sơ.xlsx", mimetype=XLSX)


@bp.get("/decisions/export.xlsx")
@doc(
    "Xuất sổ đăng ký quyết định ra Excel (lọc theo đơn vị ban hành và năm như GET /decisions)",
    errors=(401, 422),
    query=("org", "year"),
    produces=(XLSX,),
)
def export_decisions() -> Response:
    items = services().decision_register(
        request.args.get("org") or None, int_arg("year"), actor=caller()
    )
    return made_response(
        workbooks.decision_register(items), name="Sổ quyết định.xlsx", mimetype=XLSX
    )
