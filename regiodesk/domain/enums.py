"""The closed vocabularies of the office, with their German labels.

Values are stored in the database as the enum *value* (a stable ASCII key), so
a later translation of labels never touches stored data.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING


class LabelledEnum(str, Enum):
    """A str enum whose members carry a German label."""

    label: str
    _value_: str

    if TYPE_CHECKING:
        # The member is declared as ("key", "Label") but its value is the key;
        # type checkers infer the value from the tuple unless told, and must
        # keep seeing the usual Enum(value) lookup instead of this __new__.
        @property
        def value(self) -> str: ...

    else:

        def __new__(cls, value: str, label: str) -> LabelledEnum:
            obj = str.__new__(cls, value)
            obj._value_ = value
            obj.label = label
            return obj

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]

    @classmethod
    def label_of(cls, value: str | None) -> str:
        """The German label of a stored value (the value itself if unknown, '' for None)."""
        if value is None:
            return ""
        labels: dict[str, str] | None = cls.__dict__.get("_labels_by_value")
        if labels is None:  # built once per enum: lists call this for every row
            labels = {member.value: member.label for member in cls}
            type.__setattr__(cls, "_labels_by_value", labels)
        return labels.get(value, value)


class RegionKind(LabelledEnum):
    LEADER = ("leader", "LEADER-Region")
    ILE = ("ile", "ILE-Region")
    REGIONAL_MANAGEMENT = ("rm", "Regionalmanagement")


class ContactKind(LabelledEnum):
    PERSON = ("person", "Person")
    INSTITUTION = ("institution", "Institution")


class InstitutionType(LabelledEnum):
    MUNICIPALITY = ("kommune", "Kommune")
    DISTRICT = ("landkreis", "Landkreis")
    AUTHORITY = ("behoerde", "Behörde")
    ASSOCIATION = ("verein", "Verein")
    COMPANY = ("unternehmen", "Unternehmen")
    CHURCH = ("kirche", "Kirche")
    FOUNDATION = ("stiftung", "Stiftung")
    OTHER = ("sonstige", "Sonstige")


class SponsorType(LabelledEnum):
    MUNICIPALITY = ("kommune", "Kommune")
    ASSOCIATION = ("verein", "Verein")
    COMPANY = ("unternehmen", "Unternehmen")
    PRIVATE = ("privatperson", "Privatperson")
    CHURCH = ("kirche", "Kirche")
    OTHER_PUBLIC = ("oeffentlich", "Sonstige öffentliche Stelle")
    OTHER = ("sonstige", "Sonstige")


class CooperationKind(LabelledEnum):
    """LEADER cooperation (Reg. (EU) 2021/2115 Art. 34(1)(c); before 2023 Reg. (EU) 1305/2013 Art. 35)."""

    INTER_TERRITORIAL = ("gebietsuebergreifend", "gebietsübergreifend (Deutschland)")
    TRANSNATIONAL = ("transnational", "transnational")


class BodyType(LabelledEnum):
    LAG = ("lag", "LAG")
    STEERING_GROUP = ("lenkungsgruppe", "Lenkungsgruppe")
    BOARD = ("vorstand", "Vorstand")
    WORKING_GROUP = ("arbeitsgruppe", "Arbeitsgruppe")
    PROJECT_GROUP = ("projektgruppe", "Projektgruppe")
    OTHER = ("sonstiges", "Sonstiges Gremium")


class MembershipRole(LabelledEnum):
    CHAIR = ("vorsitz", "Vorsitz")
    DEPUTY_CHAIR = ("stellv_vorsitz", "stellv. Vorsitz")
    MEMBER = ("mitglied", "Mitglied")
    ADVISORY = ("beratend", "beratendes Mitglied")
    OFFICE = ("geschaeftsstelle", "Geschäftsstelle")


class MeetingState(LabelledEnum):
    PLANNED = ("geplant", "geplant")
    INVITED = ("eingeladen", "eingeladen")
    HELD = ("durchgefuehrt", "durchgeführt")
    MINUTES_APPROVED = ("protokoll_genehmigt", "Protokoll genehmigt")
    #: called off before it took place; the members get a cancellation (calendar and e-mail)
    CANCELLED = ("abgesagt", "abgesagt")


class AgendaKind(LabelledEnum):
    INFORMATION = ("information", "Information")
    DELIBERATION = ("beratung", "Beratung")
    DECISION = ("beschluss", "Beschluss")


class RequiredMajority(LabelledEnum):
    SIMPLE = ("einfach", "einfache Mehrheit")
    TWO_THIRDS = ("zwei_drittel", "Zwei-Drittel-Mehrheit")


class AttendanceStatus(LabelledEnum):
    PRESENT = ("anwesend", "anwesend")
    EXCUSED = ("entschuldigt", "entschuldigt")
    ABSENT = ("abwesend", "abwesend")
    REPRESENTED = ("vertreten", "vertreten durch Stellvertretung")


class VoteResult(LabelledEnum):
    ADOPTED = ("angenommen", "angenommen")
    REJECTED = ("abgelehnt", "abgelehnt")
    NOT_QUORATE = ("nicht_beschlussfaehig", "nicht beschlussfähig")


class VoteChoice(LabelledEnum):
    YES = ("ja", "Ja")
    NO = ("nein", "Nein")
    ABSTAIN = ("enthaltung", "Enthaltung")
    NO_ANSWER = ("keine_rueckmeldung", "keine Rückmeldung")
    CONFLICT = ("interessenkonflikt", "Interessenkonflikt")


class ProjectStatus(LabelledEnum):
    IDEA = ("idee", "Idee")
    IN_CONSULTATION = ("in_beratung", "in Beratung")
    SELECTED = ("ausgewaehlt", "LAG-Beschluss: ausgewählt")
    REJECTED = ("abgelehnt", "LAG-Beschluss: abgelehnt")
    DEFERRED = ("zurueckgestellt", "LAG-Beschluss: zurückgestellt")
    APPLIED = ("antrag_gestellt", "Antrag gestellt")
    APPROVED = ("bewilligt", "bewilligt")
    IN_PROGRESS = ("in_umsetzung", "in Umsetzung")
    COMPLETED = ("abgeschlossen", "abgeschlossen")
    PROOF_CHECKED = ("vn_geprueft", "Verwendungsnachweis geprüft")
    WITHDRAWN = ("zurueckgezogen", "zurückgezogen")
    LAPSED = ("verfallen", "verfallen")


class ConsentMethod(LabelledEnum):
    FORM = ("formular", "Formular")
    EMAIL = ("email", "E-Mail")
    ORAL = ("muendlich", "mündlich")
    OTHER = ("sonstige", "Sonstige")


class EventKind(LabelledEnum):
    """The kinds of event the office organises (Musterleistungsbild: Information, Vernetzung und
    Qualifizierung)."""

    PROJECT_FAIR = ("projektboerse", "Projektbörse")
    WORKSHOP = ("workshop", "Workshop")
    EXCURSION = ("exkursion", "Exkursion")
    TRAINING = ("schulung", "Schulung")
    REGIONAL_CONFERENCE = ("regionalkonferenz", "Regionalkonferenz")
    INFO_EVENING = ("infoabend", "Infoabend")


class ActivityKind(LabelledEnum):
    """Public relations and network work of the office (Musterleistungsbild: Öffentlichkeitsarbeit;
    Information, Vernetzung und Qualifizierung). ``PRESS_KINDS`` names the public-relations ones."""

    PRESS_RELEASE = ("pressemitteilung", "Pressemitteilung")
    ARTICLE = ("artikel", "Presseartikel")
    WEBSITE = ("website", "Beitrag auf der Internetseite")
    SOCIAL_MEDIA = ("social_media", "Social-Media-Beitrag")
    PRINT = ("druck", "Druckerzeugnis")
    REGIONS_MEETING = ("regionentreffen", "Treffen mit anderen Regionen")
    LAND_NETWORK = ("landesnetzwerk", "LEADER-Netzwerk des Landes")
    WORKING_GROUP = ("arbeitskreis", "Arbeitskreis außerhalb der LAG")


#: The kinds of :class:`ActivityKind` that are public relations (the rest are network work).
PRESS_KINDS = frozenset(
    {
        ActivityKind.PRESS_RELEASE.value,
        ActivityKind.ARTICLE.value,
        ActivityKind.WEBSITE.value,
        ActivityKind.SOCIAL_MEDIA.value,
        ActivityKind.PRINT.value,
    }
)


class IndicatorKind(LabelledEnum):
    OUTPUT = ("output", "Output")
    RESULT = ("ergebnis", "Ergebnis")


class IndicatorSource(LabelledEnum):
    """Where an indicator's actual value comes from."""

    RECORDED = ("erfasst", "erfasst")
    PROJECT_COUNT = ("anzahl_projekte", "Anzahl Projekte (berechnet)")
    GRANT_SUM = ("zuschuss_summe", "Zuschüsse (berechnet)")


class Land(LabelledEnum):
    """The German Länder (ISO 3166-2 without "DE-"): their public holidays end periods (rule 9)."""

    BW = ("BW", "Baden-Württemberg")
    BY = ("BY", "Bayern")
    BE = ("BE", "Berlin")
    BB = ("BB", "Brandenburg")
    HB = ("HB", "Bremen")
    HH = ("HH", "Hamburg")
    HE = ("HE", "Hessen")
    MV = ("MV", "Mecklenburg-Vorpommern")
    NI = ("NI", "Niedersachsen")
    NW = ("NW", "Nordrhein-Westfalen")
    RP = ("RP", "Rheinland-Pfalz")
    SL = ("SL", "Saarland")
    SN = ("SN", "Sachsen")
    ST = ("ST", "Sachsen-Anhalt")
    SH = ("SH", "Schleswig-Holstein")
    TH = ("TH", "Thüringen")
