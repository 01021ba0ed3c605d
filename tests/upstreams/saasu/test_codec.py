"""The JSON and XML codecs against the samples printed in Saasu's docs.

The samples are copied from shared/upstream-docs (002: GET Account/{id}, 004:
PUT Account/{id}), so a misreading of the docs fails here even where the
sandbox shares it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from lxml import etree

from upstreams.saasu.codec import Codec, codec_for
from upstreams.saasu.models import AccountLevel, AccountType, LedgerAccountUpdate
from upstreams.saasu.wire import ShapeError

XSI = "http://www.w3.org/2001/XMLSchema-instance"

JSON_ACCOUNT = b"""{
  "Id": 1, "Name": "Test Income Account", "AccountLevel": "Detail", "AccountType": "Income",
  "IsActive": true, "IsBuiltIn": false, "LastUpdatedId": "AAAAAAA", "DefaultTaxCode": "G1",
  "LedgerCode": "AA", "Currency": "AUD", "HeaderAccountId": 3, "ExchangeAccountId": 3,
  "IsBankAccount": false, "CreatedDateUtc": "2023-10-23T20:18:47.9325532Z",
  "LastModifiedDateUtc": "2024-04-17T20:18:47.9325532Z", "IncludeInForecaster": false,
  "BSB": null, "Number": null, "BankAccountName": null, "BankFileCreationEnabled": null,
  "BankCode": null, "UserNumber": null, "MerchantFeeAccountId": null,
  "IncludePendingTransactions": null,
  "_links": [
    {"rel": "self", "href": "https://api.saasu.com/Account/1?FileId=123", "method": "GET",
     "title": null},
    {"rel": "related", "href": "https://api.saasu.com/Account/3?FileId=123", "method": "GET",
     "title": "HeaderAccount"}
  ]
}"""

XML_ACCOUNT = b"""<AccountDetail xmlns:xsd="http://www.w3.org/2001/XMLSchema"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <_links>
    <Link><rel>self</rel><href>https://api.saasu.com/Account/1?FileId=123</href>
      <method>GET</method></Link>
    <Link><rel>related</rel><href>https://api.saasu.com/Account/3?FileId=123</href>
      <method>GET</method><title>HeaderAccount</title></Link>
  </_links>
  <Id>1</Id>
  <Name>Test Income Account</Name>
  <AccountLevel>Detail</AccountLevel>
  <AccountType>Income</AccountType>
  <IsActive>true</IsActive>
  <IsBuiltIn>false</IsBuiltIn>
  <LastUpdatedId>AAAAAAA</LastUpdatedId>
  <DefaultTaxCode>G1</DefaultTaxCode>
  <LedgerCode>AA</LedgerCode>
  <Currency>AUD</Currency>
  <HeaderAccountId>3</HeaderAccountId>
  <ExchangeAccountId>3</ExchangeAccountId>
  <IsBankAccount>false</IsBankAccount>
  <CreatedDateUtc>2023-10-23T20:18:47.9325532Z</CreatedDateUtc>
  <LastModifiedDateUtc>2024-04-17T20:18:47.9325532Z</LastModifiedDateUtc>
  <IncludeInForecaster>false</IncludeInForecaster>
  <BSB xsi:nil="true" />
  <Number xsi:nil="true" />
  <BankAccountName xsi:nil="true" />
  <BankFileCreationEnabled xsi:nil="true" />
  <BankCode xsi:nil="true" />
  <UserNumber xsi:nil="true" />
  <MerchantFeeAccountId xsi:nil="true" />
  <IncludePendingTransactions xsi:nil="true" />
</AccountDetail>"""

JSON_RESULT = b"""{ "UpdatedAccountId": 0, "LastUpdatedId": "AAAAAKhg=",
  "UtcLastModified": "2024-11-10T18:00:08.3796562Z", "_links": [ { "rel": "self",
  "href": "https://api.saasu.com/Account/321?FileId=123", "method": "PUT", "title": null } ] }"""

XML_RESULT = b"""<UpdateAccountResult xmlns:xsd="http://www.w3.org/2001/XMLSchema"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"> <_links> <Link> <rel>self</rel>
  <href>https://api.saasu.com/Account/321?FileId=123</href> <method>PUT</method> </Link>
  </_links> <LastUpdatedId>AAAAAKhg=</LastUpdatedId>
  <UtcLastModified>2024-11-10T18:00:08.3796562Z</UtcLastModified>
  <UpdatedAccountId>0</UpdatedAccountId> </UpdateAccountResult>"""

SAMPLES = {"json": (JSON_ACCOUNT, JSON_RESULT), "xml": (XML_ACCOUNT, XML_RESULT)}


@pytest.fixture(params=["json", "xml"])
def codec(request: pytest.FixtureRequest) -> Codec:
    return codec_for(request.param)


def samples(codec: Codec) -> tuple[bytes, bytes]:
    return SAMPLES["xml" if "xml" in codec.media_type else "json"]


def test_the_docs_account_sample_reads_whole(codec: Codec) -> None:
    account = codec.decode_account(samples(codec)[0])
    assert (account.id, account.name, account.last_updated_id) == (
        1,
        "Test Income Account",
        "AAAAAAA",
    )
    assert account.account_level is AccountLevel.DETAIL
    assert account.account_type is AccountType.INCOME
    assert (account.header_account_id, account.exchange_account_id) == (3, 3)
    assert (account.is_active, account.is_built_in, account.is_bank_account) == (True, False, False)
    assert account.created_date_utc == datetime(2023, 10, 23, 20, 18, 47, 932553, tzinfo=UTC)
    assert account.bsb is None and account.merchant_fee_account_id is None
    assert account.bank_file_creation_enabled is None


def test_the_docs_update_result_sample_reads(codec: Codec) -> None:
    result = codec.decode_update_result(samples(codec)[1])
    assert (result.updated_account_id, result.last_updated_id) == (0, "AAAAAKhg=")
    assert result.utc_last_modified == datetime(2024, 11, 10, 18, 0, 8, 379656, tzinfo=UTC)


STAMPS = {
    "CreatedDateUtc": "2023-10-23T20:18:47.9325532Z",
    "LastModifiedDateUtc": "2024-04-17T20:18:47.9325532Z",
}


def stamped(codec: Codec, body: bytes) -> bytes:
    """An update body with the timestamps only a read carries added back."""
    if "xml" in codec.media_type:
        root = etree.fromstring(body)
        for name, value in STAMPS.items():
            etree.SubElement(root, name).text = value
        return bytes(etree.tostring(root))
    document = json.loads(body)
    document.update(STAMPS)
    return json.dumps(document).encode()


def test_an_update_body_reads_back_as_the_account(codec: Codec) -> None:
    account = codec.decode_account(samples(codec)[0])
    body = codec.encode_update(account.id, LedgerAccountUpdate.from_account(account))
    if "xml" in codec.media_type:
        root = etree.fromstring(body)
        assert root.tag == "AccountDetail"
        names = [child.tag for child in root]
        assert names[:3] == ["Id", "Name", "AccountLevel"]
        bsb = root.find("BSB")
        assert bsb is not None and bsb.get(f"{{{XSI}}}nil") == "true"
    else:
        names = list(json.loads(body))
        assert json.loads(body)["BSB"] is None
    assert not {"CreatedDateUtc", "LastModifiedDateUtc", "_links"} & set(names)
    assert codec.decode_account(stamped(codec, body)) == account


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"<AccountDetail><Id>1",
        b'{"Id": 1',
        b"[]",
        b"<Unexpected/>",
        b'{"unexpected": {"Id": 1}}',
    ],
)
def test_off_shape_bodies_are_shape_errors(codec: Codec, body: bytes) -> None:
    with pytest.raises(ShapeError):
        codec.decode_account(body)


def test_wrong_value_types_are_shape_errors(codec: Codec) -> None:
    sample = samples(codec)[0]
    for good, bad in [
        (b"Income", b"Revenue"),
        (b"2023-10-23T20:18:47.9325532Z", b"yesterday"),
    ]:
        with pytest.raises(ShapeError):
            codec.decode_account(sample.replace(good, bad))
    broken = (
        sample.replace(b'"Id": 1', b'"Id": "1"')
        if b'"Id"' in sample
        else sample.replace(b"<Id>1</Id>", b"<Id>one</Id>")
    )
    with pytest.raises(ShapeError):
        codec.decode_account(broken)
