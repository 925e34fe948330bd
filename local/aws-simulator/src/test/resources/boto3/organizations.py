"""boto3's Organizations client against the simulator's organization (endpoint_url given to each client, as in
accounts.py): paginators walk every listing, member accounts' keys come from sts.assume_role; prints one JSON line
of findings."""
import json
import os
import sys

import boto3
import botocore.exceptions

endpoint = os.environ["SIMULATOR_ENDPOINT"]
# Any region: Organizations is global, and a client given an endpoint URL signs for its own region.
default = boto3.session.Session(region_name="eu-west-1")
sts = default.client("sts", endpoint_url=endpoint)


def session(account):
    c = sts.assume_role(RoleArn="arn:aws:iam::%s:role/ecstatic-member" % account,
                        RoleSessionName="boto3-org-check")["Credentials"]
    return boto3.session.Session(aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"],
                                 aws_session_token=c["SessionToken"], region_name="eu-west-1")


def accounts(org, parent, page_size=None):
    config = {"PageSize": page_size} if page_size else {}
    return org.get_paginator("list_accounts_for_parent").paginate(ParentId=parent, PaginationConfig=config) \
        .build_full_result()["Accounts"]


def units(org, parent):
    return org.get_paginator("list_organizational_units_for_parent").paginate(ParentId=parent) \
        .build_full_result()["OrganizationalUnits"]


org = default.client("organizations", endpoint_url=endpoint)
out = {}
root = accounts(org, "r-ab12")
out["root"] = [a["Id"] for a in root]
out["joined"] = root[0]["JoinedTimestamp"].isoformat()
out["sandbox"] = [a["Id"] for a in accounts(org, "ou-ab12-33333333", page_size=5)]
out["units"] = [u["Id"] for u in units(org, "r-ab12")]
out["delegated"] = [a["Id"] for a in accounts(session("222222222222").client("organizations", endpoint_url=endpoint),
                                              "ou-ab12-11111111")]
errors = []
for call in (lambda: accounts(org, "ou-ab12-99999999"),
             lambda: accounts(session("444444444444").client("organizations", endpoint_url=endpoint), "r-ab12"),
             lambda: units(session("999999999999").client("organizations", endpoint_url=endpoint), "r-ab12")):
    try:
        call()
    except botocore.exceptions.ClientError as e:
        errors.append(e.response["Error"]["Code"])
out["errors"] = errors
print(json.dumps(out))
sys.stdout.flush()
