"""Which pacer and daily cap an upstream account gets: its share alone, or one shared in Redis."""

from __future__ import annotations

from upstreams.allowances import Allowances, AllowanceSettings
from upstreams.client_settings import ClientSettings
from upstreams.pacing import Pacer
from upstreams.shared_pacing import SharedPacer

SAASU = ClientSettings(
    base_url="https://api.saasu.example", rate_per_second=1.0, burst=4, daily_cap=3000
)


def test_alone_each_process_keeps_its_share_of_rate_and_cap() -> None:
    allowances = Allowances(None, settings=AllowanceSettings(replicas=2), workers=2)
    pacer = allowances.pacer("saasu", "62831", SAASU)
    cap = allowances.daily_cap("saasu", "62831", SAASU)
    assert isinstance(pacer, Pacer) and (pacer.rate, pacer.burst) == (0.25, 1)
    assert cap is not None and (cap.cap, cap.share) == (3000, 750)


def test_one_process_alone_keeps_the_whole_rate() -> None:
    pacer = Allowances().pacer("saasu", "62831", SAASU)
    assert isinstance(pacer, Pacer) and (pacer.rate, pacer.burst) == (1.0, 4)


def test_no_rate_and_no_cap_cost_nothing() -> None:
    plain = ClientSettings(base_url="https://billing.example")
    allowances = Allowances("redis://127.0.0.1:1/0")
    assert not allowances.pacer("billing", "", plain).paces
    assert allowances.daily_cap("billing", "", plain) is None


def test_shared_budgets_are_one_per_account_and_name_no_credential() -> None:
    allowances = Allowances("redis://127.0.0.1:1/0")
    one = allowances.pacer("saasu", "62831", SAASU)
    again = allowances.pacer("saasu", "62831", SAASU)
    other = allowances.pacer("saasu", "99999", SAASU)
    assert isinstance(one, SharedPacer) and isinstance(again, SharedPacer)
    assert isinstance(other, SharedPacer)
    assert one.key == again.key != other.key
    assert one.key.startswith("gw:budget:saasu:") and "62831" not in one.key
    assert "api.saasu.example" not in one.key
