"""Weekly sessions expanded over their period minus `except`; one-off sessions; past ones."""

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from site_builder.assemble import expand_sessions
from site_builder.config import SiteConfig
from site_builder.errors import Location
from site_builder.model import OneOffSession, Program, WeeklyRule

CONFIG = SiteConfig(title="Uji", base_url="https://example.org/")
JAKARTA = ZoneInfo("Asia/Jakarta")
HERE = Location(Path("content/schedule.yaml"), 1)


def program(**fields):
    return Program(origin=HERE, id="yoga", title="Kelas Yoga", **fields)


def test_weekly_sessions_over_the_period_minus_exceptions():
    tuesday_and_thursday = program(
        weekly=(WeeklyRule(HERE, 1, time(15), time(17)), WeeklyRule(HERE, 3, time(15), time(17))),
        period_from=date(2024, 1, 9), period_until=date(2024, 1, 25),
        except_dates=(date(2024, 1, 16),))
    sessions = expand_sessions(tuesday_and_thursday, CONFIG, datetime(2024, 1, 1, tzinfo=JAKARTA))
    assert [s.start.date() for s in sessions] == [
        date(2024, 1, 9), date(2024, 1, 11), date(2024, 1, 18), date(2024, 1, 23), date(2024, 1, 25)]
    assert all(s.weekly and not s.past for s in sessions)
    assert sessions[0].start == datetime(2024, 1, 9, 15, 0, tzinfo=JAKARTA)
    assert sessions[0].end == datetime(2024, 1, 9, 17, 0, tzinfo=JAKARTA)


def test_period_bounds_are_inclusive():
    monday = program(weekly=(WeeklyRule(HERE, 0, time(9), None),),
                     period_from=date(2024, 1, 1), period_until=date(2024, 1, 15))
    sessions = expand_sessions(monday, CONFIG, datetime(2023, 1, 1, tzinfo=JAKARTA))
    assert [s.start.day for s in sessions] == [1, 8, 15]
    assert sessions[0].end is None


def test_one_off_sessions_merge_in_time_order_with_their_own_place():
    mixed = program(
        location="Ruang Yoga",
        weekly=(WeeklyRule(HERE, 5, time(7), time(8)),),
        period_from=date(2024, 2, 3), period_until=date(2024, 2, 17),
        sessions=(OneOffSession(HERE, date(2024, 2, 11), time(9), time(12), "Aula Utama", "Kelas terbuka"),))
    sessions = expand_sessions(mixed, CONFIG, datetime(2024, 2, 11, 10, 0, tzinfo=JAKARTA))
    assert [(s.start.day, s.weekly) for s in sessions] == [(3, True), (10, True), (11, False), (17, True)]
    one_off = sessions[2]
    assert (one_off.location, one_off.note) == ("Aula Utama", "Kelas terbuka")
    assert sessions[0].location == "Ruang Yoga"
    # at 10:00 on the 11th: the sessions of the 3rd and 10th are past; the one running now is not
    assert [s.past for s in sessions] == [True, True, False, False]
