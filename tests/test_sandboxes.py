"""The embedded default: four sandboxes in this process, and adapters pointed at them."""

from __future__ import annotations

from gateway.sandboxes import INVOICING_ACCOUNT_ID, sandbox_settings, start_sandboxes
from upstreams.billing.adapter import BillingAdapter
from upstreams.invoicexpress.adapter import InvoiceXpressAdapter
from upstreams.prepaid.adapter import PrepaidAdapter
from upstreams.saasu.adapter import SaasuAdapter
from upstreams.sandboxing import Switches, World


async def test_adapters_built_from_sandbox_settings_reach_their_sandboxes() -> None:
    world = World(billing_accounts=50)
    switches = {"saasu": Switches(rate_limit=True)}
    sandboxes = await start_sandboxes(world=world, switches=switches)
    try:
        settings = sandbox_settings(sandboxes, switches)
        assert settings.saasu.client.rate_per_second == 1.0
        assert settings.billing.client.rate_per_second is None
        billing_id = next(b for b in world.billing_ids() if world.prepaid_id_for_billing(b))
        async with BillingAdapter(settings.billing) as billing:
            account = await billing.get_account(billing_id)
        assert account.external_account_identifier == str(world.prepaid_id_for_billing(billing_id))
        async with PrepaidAdapter(settings.prepaid) as prepaid:
            linked = await prepaid.read_account(int(account.external_account_identifier))
        assert linked.account_id == world.prepaid_id_for_billing(billing_id)
        async with SaasuAdapter(settings.saasu) as saasu:
            page = await saasu.list_accounts(page_size=5)
        assert len(page.items) == 5
        async with InvoiceXpressAdapter(settings.invoicexpress) as invoicexpress:
            organisation = await invoicexpress.get_account(settings.invoicing_account_id)
        assert organisation.id == INVOICING_ACCOUNT_ID
    finally:
        await sandboxes.aclose()
