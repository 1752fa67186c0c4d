"""A synthetic corpus of realistic shape, for benchmarks (not for tests of meaning).

Documents follow the genre (DOMAIN.md): Party and State documents at national
and provincial level, every symbol form (``57-NQ/TW``, ``569/QĐ-TTg``,
``16/2021/NQ-HĐND``, ``147/2025/QH15``, ``9387/UBND-KT``, drafts
``…/KH-UBND``), references whose relations form implementation chains from a
central resolution down to provincial plans, task tables with lead and
coordinating agencies, time frames and products, targets and reporting duties.

Each document is rendered as text and built as a :class:`luocdo.model.Document`
whose spans point into that text, so the model objects can go straight to
``to_graph`` (fast) and the text can be written to files for the full pipeline.

    python bench/generate_corpus.py --count 200 --out /tmp/corpus   # write .txt files
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from luocdo.model import (
    Agency,
    AgencyRef,
    Document,
    DocumentInfo,
    Issuer,
    Reference,
    ReportingDuty,
    Span,
    StatedRelation,
    Target,
    Task,
)

PROVINCES = (
    "Tây Ninh", "Đồng Nai", "Lào Cai", "Bình Dương", "Long An", "Nghệ An", "Thanh Hóa",
    "Quảng Ninh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk",
    "Gia Lai", "An Giang", "Bắc Ninh", "Thái Nguyên", "Quảng Ngãi", "Hà Tĩnh", "Huế",
    "Cà Mau", "Vĩnh Long", "Tuyên Quang", "Sơn La", "Phú Thọ", "Ninh Bình", "Hưng Yên",
)
THEMES = (
    "phát triển khoa học, công nghệ và đổi mới sáng tạo",
    "chuyển đổi số quốc gia",
    "quản lý nhà nước về khoáng sản",
    "phát triển cụm công nghiệp",
    "cải cách hành chính và cắt giảm thủ tục hành chính",
    "nâng cao năng suất và chất lượng sản phẩm, hàng hóa",
    "phát triển nguồn nhân lực chất lượng cao",
    "bảo vệ môi trường và ứng phó với biến đổi khí hậu",
    "phát triển hệ sinh thái khởi nghiệp đổi mới sáng tạo",
    "quản lý hóa chất và vật liệu nổ công nghiệp",
    "phát triển kinh tế tư nhân",
    "xây dựng nông thôn mới",
    "phát triển du lịch bền vững",
    "bảo đảm an toàn thông tin mạng",
    "phát triển năng lượng tái tạo",
    "đẩy mạnh công nghiệp hóa, hiện đại hóa",
    "phát triển văn hóa đọc",
    "phòng, chống tham nhũng, lãng phí",
    "phát triển logistics",
    "hội nhập quốc tế",
)
DEPARTMENTS = (
    ("Sở Khoa học và Công nghệ", "Sở KH&CN", "SKHCN"),
    ("Sở Tài chính", "Sở TC", "STC"),
    ("Sở Công Thương", "Sở CT", "SCT"),
    ("Sở Nông nghiệp và Môi trường", "Sở NN&MT", "SNNMT"),
    ("Sở Giáo dục và Đào tạo", "Sở GD&ĐT", "SGDĐT"),
    ("Sở Nội vụ", "Sở NV", "SNV"),
    ("Sở Xây dựng", "Sở XD", "SXD"),
    ("Sở Y tế", "Sở YT", "SYT"),
    ("Sở Tư pháp", "Sở TP", "STP"),
    ("Sở Văn hóa, Thể thao và Du lịch", "Sở VH-TT&DL", "SVHTTDL"),
)
OTHER_BODIES = (
    "Ban Tuyên giáo và Dân vận Tỉnh ủy", "Công an tỉnh", "Văn phòng Ủy ban nhân dân tỉnh",
    "Ban Quản lý các khu công nghiệp", "Báo và Phát thanh, Truyền hình tỉnh",
    "Liên minh Hợp tác xã tỉnh", "Trường Đại học", "Thuế tỉnh",
)
COLLECTIVES = (
    "Các sở, ban, ngành tỉnh", "UBND các xã, phường", "Các cơ quan, đơn vị liên quan",
)
MINISTRIES = (
    ("Bộ Khoa học và Công nghệ", "BKHCN"), ("Bộ Công Thương", "BCT"),
    ("Bộ Nông nghiệp và Môi trường", "BNNMT"), ("Bộ Tài chính", "BTC"),
    ("Bộ Giáo dục và Đào tạo", "BGDĐT"), ("Bộ Xây dựng", "BXD"),
)
TASK_VERBS = (
    "Tổ chức quán triệt, tuyên truyền", "Rà soát, đề xuất sửa đổi, bổ sung",
    "Xây dựng và triển khai",
    "Tham mưu UBND tỉnh ban hành", "Hỗ trợ doanh nghiệp ứng dụng", "Đầu tư nâng cấp",
    "Tăng cường kiểm tra, giám sát", "Đào tạo, bồi dưỡng", "Thu hút nguồn lực xã hội hóa cho",
    "Đánh giá kết quả thực hiện", "Xây dựng cơ sở dữ liệu về", "Đẩy mạnh hợp tác quốc tế về",
)
TASK_OBJECTS = (
    "cơ chế, chính sách", "hạ tầng số", "hệ thống truy xuất nguồn gốc", "sàn giao dịch công nghệ",
    "tài sản trí tuệ", "nguồn nhân lực", "dịch vụ công trực tuyến", "trung tâm đổi mới sáng tạo",
    "chương trình hỗ trợ", "mô hình thí điểm", "quỹ phát triển khoa học và công nghệ",
    "tiêu chuẩn, quy chuẩn kỹ thuật",
)
PRODUCTS = (
    "Báo cáo", "Kế hoạch", "Đề án", "Quyết định của UBND tỉnh", "Nghị quyết của HĐND tỉnh",
    "Cơ sở dữ liệu", "Hội thảo", "Chương trình", "Hướng dẫn", "Mô hình được nhân rộng",
)
TIMEFRAMES = (
    ("Năm {y}", "{y}", "{y}-01-01", "{y}-12-31", None),
    ("Quý III/{y}", "{y}-09", "{y}-07-01", "{y}-09-30", None),
    ("Hằng năm", None, None, None, "annual"),
    ("{y} - 2030", "2030", "{y}-01-01", "2030-12-31", None),
    ("Trước ngày 30/6/{y}", "{y}-06-30", None, "{y}-06-30", None),
    ("Thường xuyên", None, None, None, None),
    ("Hằng quý", None, None, None, "quarterly"),
)
INDICATORS = (
    ("Tỷ lệ doanh nghiệp có hoạt động đổi mới sáng tạo", "%"),
    ("Số doanh nghiệp khoa học và công nghệ", "doanh nghiệp"),
    ("Nhân lực nghiên cứu và phát triển", "người/vạn dân"),
    ("Tỷ lệ hồ sơ giải quyết trực tuyến", "%"),
    ("Số sáng chế được cấp văn bằng bảo hộ", "văn bằng"),
)
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi")
GIVEN = ("Văn An", "Thị Bình", "Minh Châu", "Quốc Dũng", "Thanh Hà", "Hữu Khang", "Ngọc Lan")


@dataclass
class _Ref:
    """A document the generator has made, as later documents cite it."""

    symbol: str
    number: str | None
    year: int
    type: str | None
    type_code: str | None
    issuer_code: str
    issuer_name: str
    date: str
    party: bool
    province: str | None
    title: str


class _Text:
    """Text being written, returning the span of each piece."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, piece: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(piece)
        self.length += len(piece)
        return start, self.length

    def line(self, piece: str = "") -> tuple[int, int]:
        span = self.add(piece)
        self.add("\n")
        return span

    def value(self) -> str:
        return "".join(self.parts)


@dataclass
class _Counters:
    numbers: dict[tuple[str, int], int] = field(default_factory=dict)

    def next(self, issuer: str, year: int, rng: random.Random) -> int:
        key = (issuer, year)
        n = self.numbers.get(key, rng.randint(1, 40)) + rng.randint(1, 9)
        self.numbers[key] = n
        return n


def _date(rng: random.Random, year: int) -> tuple[str, int, int]:
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    return f"{year:04d}-{month:02d}-{day:02d}", day, month


def _vn_date(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{int(d)}/{int(m)}/{y}"


class CorpusGenerator:
    """Generates documents in an order where cited documents usually come first."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.counters = _Counters()
        self.serial = 0

    # -- symbols -------------------------------------------------------------

    def _symbol(self, kind: str, year: int, issuer: str, province: str | None = None) -> tuple[
            str, str]:
        """A fresh (symbol, number) of a kind: party, state, normative, law, letter."""
        scope = f"{province or 'vn'}:{issuer}:{kind}"
        n = self.counters.next(scope, year, self.rng)
        number = f"{n:02d}" if n < 10 and self.rng.random() < 0.5 else str(n)
        code, _, unit = issuer.partition("|")
        if kind.startswith("party:"):
            return f"{number}-{kind[6:]}/{code}", number
        if kind == "law":
            return f"{number}/{year}/{code}", number
        if kind.startswith("normative:"):
            return f"{number}/{year}/{kind[10:]}-{code}", number
        if kind == "letter":
            return f"{number}/{code}-{unit}", number
        return f"{number}/{kind}-{code}", number

    # -- the corpus ------------------------------------------------------------

    def documents(self, count: int) -> Iterator[tuple[str, Document]]:
        """``count`` documents as (text, model) pairs."""
        made = 0
        theme_index = 0
        while True:
            for text, doc in self._theme(theme_index):
                yield text, doc
                made += 1
                if made >= count:
                    return
            theme_index += 1

    def _theme(self, index: int) -> Iterator[tuple[str, Document]]:
        rng = self.rng
        theme = THEMES[index % len(THEMES)]
        year = 2012 + index % 13
        law_sym, law_no = self._symbol("law", year - 1, "QH15" if year > 2021 else "QH14")
        law = _Ref(law_sym, law_no, year - 1, "Luật", None, "QH", "Quốc hội",
                   _date(rng, year - 1)[0], False, None, f"Luật về {theme}")
        yield self._render(law, kind="Law", cites=[], tasks=0)
        top_sym, top_no = self._symbol("party:NQ", year, "TW")
        top = _Ref(top_sym, top_no, year, "Nghị quyết", "NQ", "TW", "Bộ Chính trị",
                   _date(rng, year)[0], True, None, f"Về {theme}")
        yield self._render(top, kind="Resolution", cites=[], tasks=0, targets=3)
        kl_sym, kl_no = self._symbol("party:KL", year + 1, "TW")
        conclusion = _Ref(kl_sym, kl_no, year + 1, "Kết luận", "KL", "TW", "Bộ Chính trị",
                          _date(rng, year + 1)[0], True, None,
                          f"Về tiếp tục thực hiện Nghị quyết số {top_sym}")
        yield self._render(conclusion, kind="Conclusion", cites=[(top, "implements")], tasks=0)
        cp_sym, cp_no = self._symbol("NQ", year + 1, "CP")
        programme = _Ref(cp_sym, cp_no, year + 1, "Nghị quyết", "NQ", "CP", "Chính phủ",
                         _date(rng, year + 1)[0], False, None,
                         f"Ban hành Chương trình hành động của Chính phủ thực hiện Nghị quyết "
                         f"số {top_sym}")
        yield self._render(programme, kind="Resolution",
                           cites=[(top, "implements"), (law, "based_on")], tasks=25)
        ttg_sym, ttg_no = self._symbol("QĐ", year + 1, "TTg")
        decision = _Ref(ttg_sym, ttg_no, year + 1, "Quyết định", "QĐ", "TTg",
                        "Thủ tướng Chính phủ", _date(rng, year + 1)[0], False, None,
                        f"Phê duyệt Chiến lược {theme} đến năm 2030")
        yield self._render(decision, kind="Decision",
                           cites=[(conclusion, "implements"), (programme, "implements")],
                           tasks=12, stated=[(conclusion, "implements", top)])
        ministry, mcode = MINISTRIES[index % len(MINISTRIES)]
        nd_sym, nd_no = self._symbol("normative:NĐ", year + 1, "CP")
        decree = _Ref(nd_sym, nd_no, year + 1, "Nghị định", "NĐ", "CP", "Chính phủ",
                      _date(rng, year + 1)[0], False, None,
                      f"Quy định chi tiết một số điều của Luật về {theme}")
        yield self._render(decree, kind="Decree", cites=[(law, "guides")], tasks=0)
        tt_sym, tt_no = self._symbol("normative:TT", year + 2, mcode)
        circular = _Ref(tt_sym, tt_no, year + 2, "Thông tư", "TT", mcode, ministry,
                        _date(rng, year + 2)[0], False, None,
                        f"Hướng dẫn thực hiện Nghị định số {nd_sym}")
        yield self._render(circular, kind="Circular", cites=[(decree, "guides")], tasks=0)
        provinces = rng.sample(PROVINCES, rng.randint(6, 12))
        for province in provinces:
            yield from self._province(province, year + 2, top, decision, decree, circular)

    def _province(self, province: str, year: int, top: _Ref, decision: _Ref, decree: _Ref,
                  circular: _Ref) -> Iterator[tuple[str, Document]]:
        rng = self.rng
        tu_sym, tu_no = self._symbol("party:NQ", year, "TU", province)
        party = _Ref(tu_sym, tu_no, year, "Nghị quyết", "NQ", "TU", f"Tỉnh ủy {province}",
                     _date(rng, year)[0], True, province, f"Thực hiện Nghị quyết số {top.symbol}")
        yield self._render(party, kind="Resolution", cites=[(top, "implements")], tasks=0,
                           targets=2)
        hd_sym, hd_no = self._symbol("normative:NQ", year, "HĐND", province)
        council = _Ref(hd_sym, hd_no, year, "Nghị quyết", "NQ", "HĐND",
                       f"Hội đồng nhân dân tỉnh {province}", _date(rng, year)[0], False,
                       province, "Quy định nội dung và mức chi hỗ trợ")
        yield self._render(council, kind="Resolution",
                           cites=[(decree, "based_on"), (circular, "based_on")], tasks=0)
        kh_sym, kh_no = self._symbol("KH", year, "UBND", province)
        draft = rng.random() < 0.03
        plan = _Ref("/KH-UBND" if draft else kh_sym, None if draft else kh_no, year, "Kế hoạch",
                    "KH", "UBND", f"Ủy ban nhân dân tỉnh {province}", _date(rng, year)[0],
                    False, province, f"Thực hiện Nghị quyết số {tu_sym}")
        task_implements = decision if rng.random() < 0.5 else None
        plan_cites: list[tuple[_Ref, str]] = [(party, "implements"), (council, "based_on")]
        if task_implements is None:
            plan_cites.append((decision, "aligns_with"))
        yield self._render(plan, kind="Plan", cites=plan_cites, tasks=rng.randint(10, 40),
                           task_implements=task_implements, targets=2, reporting=True)
        if draft:
            return
        dept, _short, code = DEPARTMENTS[rng.randrange(len(DEPARTMENTS))]
        dp_sym, dp_no = self._symbol("KH", year, code, province)
        dept_plan = _Ref(dp_sym, dp_no, year, "Kế hoạch", "KH", code, f"{dept} tỉnh {province}",
                         _date(rng, year)[0], False, province,
                         f"Triển khai Kế hoạch số {kh_sym} của UBND tỉnh")
        yield self._render(dept_plan, kind="Plan", cites=[(plan, "implements")],
                           tasks=rng.randint(5, 15))
        for _ in range(rng.randint(0, 2)):
            cv_sym, cv_no = self._symbol("letter", year + 1, "UBND|KT", province)
            letter = _Ref(cv_sym, cv_no, year + 1, "Công văn", None, "UBND",
                          f"Ủy ban nhân dân tỉnh {province}", _date(rng, year + 1)[0], False,
                          province, f"V/v đôn đốc thực hiện Kế hoạch số {kh_sym}")
            yield self._render(letter, kind="OfficialLetter", cites=[(plan, "cites")], tasks=0)
        qd_sym, qd_no = self._symbol("QĐ", year + 1, "UBND", province)
        yield self._render(
            _Ref(qd_sym, qd_no, year + 1, "Quyết định", "QĐ", "UBND",
                 f"Ủy ban nhân dân tỉnh {province}", _date(self.rng, year + 1)[0], False,
                 province, f"Ban hành Quy chế phối hợp thực hiện Kế hoạch số {kh_sym}"),
            kind="Decision", cites=[(plan, "implements"), (council, "based_on")], tasks=0)

    # -- rendering -------------------------------------------------------------

    def _agency(self, province: str | None) -> tuple[str, str]:
        """(full name, printed form) of a body of the province."""
        rng = self.rng
        if province is None:
            name = MINISTRIES[rng.randrange(len(MINISTRIES))][0]
            return name, name
        roll = rng.random()
        if roll < 0.7:
            full, short, _ = DEPARTMENTS[rng.randrange(len(DEPARTMENTS))]
            return full, short if rng.random() < 0.3 else full
        if roll < 0.9:
            name = OTHER_BODIES[rng.randrange(len(OTHER_BODIES))]
            return name, name
        name = COLLECTIVES[rng.randrange(len(COLLECTIVES))]
        return name, name

    def _citation(self, ref: _Ref) -> str:
        lead = f"{ref.type} số {ref.symbol}" if ref.type else f"Văn bản số {ref.symbol}"
        return f"{lead} ngày {_vn_date(ref.date)} của {ref.issuer_name}"

    def _render(self, me: _Ref, *, kind: str, cites: list[tuple[_Ref, str]], tasks: int,
                task_implements: _Ref | None = None, targets: int = 0, reporting: bool = False,
                stated: list[tuple[_Ref, str, _Ref]] | None = None) -> tuple[str, Document]:
        rng = self.rng
        self.serial += 1
        t = _Text()
        province = me.province
        body = me.issuer_name.upper()
        spans: dict[str, Span] = {}
        if me.party:
            t.line("ĐẢNG CỘNG SẢN VIỆT NAM")
        s, e = t.add(body)
        spans["issuer"] = Span(s, e, body)
        t.line(" | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |")
        t.add("Số: ")
        printed = "…" + me.symbol if me.number is None else me.symbol
        s, e = t.add(printed)
        spans["symbol"] = Span(s, e, printed)
        place = province or "Hà Nội"
        t.add(f" | {place}, ")
        d = me.date.split("-")
        date_text = f"ngày {int(d[2]):02d} tháng {int(d[1])} năm {d[0]}"
        s, e = t.add(date_text)
        spans["date"] = Span(s, e, date_text)
        t.line(" |")
        type_name = (me.type or "Văn bản").upper()
        s, e = t.line(type_name)
        spans["type"] = Span(s, e, type_name)
        title = me.title
        s, e = t.line(title.upper())
        spans["title"] = Span(s, e, title.upper())
        references: list[Reference] = []
        sections = ["Căn cứ", "I"]
        for ref, relation in cites:
            cue = {"implements": "Thực hiện", "aligns_with": "Gắn với các định hướng tại",
                   "based_on": "Căn cứ", "guides": "Hướng dẫn", "cites": "Theo"}[relation]
            t.add(f"{cue} ")
            phrase = self._citation(ref)
            s, e = t.add(phrase)
            t.line(";")
            references.append(self._reference(ref, relation, phrase, s, e, province,
                                              sections[0] if relation == "based_on" else None))
        t.line("I. MỤC ĐÍCH, YÊU CẦU")
        t.line("Tổ chức quán triệt sâu sắc và thực hiện đầy đủ, nghiêm túc, có hiệu quả các "
               "nội dung đã đề ra; xác định rõ nhiệm vụ của các cơ quan, đơn vị.")
        stated_relations: list[StatedRelation] = []
        for subject, relation, obj in stated or []:
            phrase = (f"{self._citation(subject)} về tiếp tục thực hiện "
                      f"{obj.type} số {obj.symbol}")
            s, e = t.line(phrase)
            stated_relations.append(StatedRelation(subject.symbol, relation, obj.symbol, s, e,
                                                   phrase))
            # The sentence also mentions both documents.
            references.append(self._reference(subject, "cites", subject.symbol,
                                              s + phrase.index(subject.symbol),
                                              s + phrase.index(subject.symbol)
                                              + len(subject.symbol), province, "I"))
        target_items: list[Target] = []
        if targets:
            t.line("II. MỤC TIÊU")
            for n in range(targets):
                indicator, unit = INDICATORS[(self.serial + n) % len(INDICATORS)]
                value = f"{rng.randint(5, 60)}"
                ty = me.year + rng.randint(3, 8)
                phrase = f"- Đến năm {ty}, {indicator.lower()} đạt {value} {unit}."
                s, e = t.line(phrase)
                target_items.append(Target(phrase, s, e, indicator, value, unit, ty,
                                           float(value), float(value), "II"))
        task_items: list[Task] = []
        agencies: dict[str, Agency] = {}
        if tasks:
            t.line("III. NHIỆM VỤ VÀ GIẢI PHÁP")
            t.line("TT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | "
                   "Thời gian thực hiện | Sản phẩm |")
            group = None
            group_title = None
            for n in range(1, tasks + 1):
                if n == 1 or rng.random() < 0.15:
                    group = ("I", "II", "III", "IV", "V", "VI")[len({x.group for x in task_items})
                                                                  % 6]
                    group_title = f"Nhóm nhiệm vụ về {TASK_OBJECTS[n % len(TASK_OBJECTS)]}"
                    t.line(f"{group} | {group_title} | | | | |")
                task_items.append(self._task(t, n, group, group_title, province, me.year,
                                             task_implements, agencies, references))
        duties: list[ReportingDuty] = []
        if reporting:
            t.line("IV. TỔ CHỨC THỰC HIỆN")
            phrase = ("Các sở, ban, ngành tỉnh báo cáo kết quả thực hiện về Sở Khoa học và "
                      "Công nghệ trước ngày 05/12 hằng năm để tổng hợp.")
            s, e = t.line(phrase)
            duties.append(ReportingDuty(phrase, s, e, "kết quả thực hiện",
                                        "Sở Khoa học và Công nghệ", "trước ngày 05/12 hằng năm",
                                        "Các sở, ban, ngành tỉnh", "annual", "12-05"))
        t.line("Nơi nhận:")
        t.line("- Như trên;")
        t.line("- Lưu: VT.")
        t.line("TM. " + body)
        t.line(f"{SURNAMES[self.serial % len(SURNAMES)]} {GIVEN[self.serial % len(GIVEN)]}")
        text = t.value()
        issuer = Issuer(me.issuer_name, me.issuer_code, province, spans["issuer"].start,
                        spans["issuer"].end)
        info = DocumentInfo(
            symbol=me.symbol if me.number is not None else "/" + me.symbol.lstrip("/"),
            number=me.number, year=me.year, type=me.type, type_code=me.type_code,
            date=me.date, place=place, issuer=issuer, title=title,
            implements=tuple(r.symbol for r, rel in cites if rel == "implements"),
            unnumbered=me.number is None, party=me.party,
            normative=kind in ("Law", "Decree", "Circular") or me.symbol.count("/") == 2,
            spans=spans)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        doc = Document(
            source=f"synthetic/{self.serial:06d}.txt", text_length=len(text),
            text_sha256=digest, document=info, references=tuple(references),
            stated_relations=tuple(stated_relations), tasks=tuple(task_items),
            targets=tuple(target_items), agencies=tuple(agencies.values()),
            reporting=tuple(duties))
        return text, doc

    def _reference(self, ref: _Ref, relation: str, phrase: str, start: int, end: int,
                   context_province: str | None, section: str | None) -> Reference:
        return Reference(
            text=phrase, start=start, end=end, symbol=ref.symbol, number=ref.number,
            year=ref.year, type=ref.type, type_code=ref.type_code, issuer_code=ref.issuer_code,
            date=ref.date, issuer=ref.issuer_name, relation=relation,
            province=ref.province, section=section,
            party=ref.party)

    def _task(self, t: _Text, n: int, group: str | None, group_title: str | None,
              province: str | None, year: int, implements: _Ref | None,
              agencies: dict[str, Agency], references: list[Reference]) -> Task:
        rng = self.rng
        verb = TASK_VERBS[rng.randrange(len(TASK_VERBS))]
        obj = TASK_OBJECTS[rng.randrange(len(TASK_OBJECTS))]
        content = f"{verb} {obj}"
        start, _ = t.add(f"{n} | ")
        cited = implements is not None and n % 7 == 1
        if cited and implements is not None:
            content_start, _ = t.add(content + " theo ")
            phrase = self._citation(implements)
            s, e = t.add(phrase)
            references.append(self._reference(implements, "implements", phrase, s, e, province,
                                              "III"))
            content = content + " theo " + phrase
            del content_start
        else:
            t.add(content)
        t.add(" | ")
        leads: list[AgencyRef] = []
        used: set[str] = set()
        for _ in range(1 if rng.random() < 0.85 else 2):
            full, printed = self._agency(province)
            if full in used:
                continue
            used.add(full)
            s, e = t.add(printed)
            t.add("; ")
            leads.append(AgencyRef(full, printed, full in COLLECTIVES, province, s, e))
        t.add("| ")
        coordinators: list[AgencyRef] = []
        for _ in range(rng.randint(0, 3)):
            full, printed = self._agency(province)
            if full in used:
                continue
            used.add(full)
            s, e = t.add(printed)
            t.add(", ")
            coordinators.append(AgencyRef(full, printed, full in COLLECTIVES, province, s, e))
        for ref in (*leads, *coordinators):
            if ref.name not in agencies:
                aliases = (ref.text,) if ref.text != ref.name else ()
                agencies[ref.name] = Agency(ref.name, aliases, "so" if ref.name.startswith("Sở")
                                            else "other", province, ref.collective, ref.start,
                                            ref.end)
        t.add("| ")
        printed_tf, due, start_date, end_date, recurrence = TIMEFRAMES[
            rng.randrange(len(TIMEFRAMES))]
        y = str(year + rng.randint(0, 3))
        timeframe = printed_tf.format(y=y)
        s_tf, e_tf = t.add(timeframe)
        t.add(" | ")
        product = PRODUCTS[rng.randrange(len(PRODUCTS))]
        s_p, e_p = t.add(product)
        _, end = t.line(" |")
        return Task(
            number=str(n), parent=None, group=group, group_title=group_title, content=content,
            lead=tuple(leads), coordinators=tuple(coordinators), timeframe=timeframe,
            due=due.format(y=y) if due else None,
            start_date=start_date.format(y=y) if start_date else None,
            end_date=end_date.format(y=y) if end_date else None, recurrence=recurrence,
            product=product, implements=(implements.symbol,) if cited and implements else (),
            source="table", start=start, end=end, section="III",
            spans={"timeframe": Span(s_tf, e_tf, timeframe), "product": Span(s_p, e_p, product)})


def generate(count: int, seed: int = 7) -> Iterator[tuple[str, Document]]:
    """``count`` synthetic documents as (text, Document) pairs, deterministic for a seed."""
    return CorpusGenerator(seed).documents(count)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, help="write one .txt file per document here")
    args = parser.parse_args(argv)
    tasks = refs = 0
    for n, (text, doc) in enumerate(generate(args.count, args.seed)):
        tasks += len(doc.tasks)
        refs += len(doc.references)
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / f"{n:06d}.txt").write_text(text, encoding="utf-8")
    print(f"{args.count} documents, {tasks} tasks, {refs} references", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
