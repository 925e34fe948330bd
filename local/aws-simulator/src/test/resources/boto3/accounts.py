"""boto3 across the simulator's accounts and regions: the endpoint is passed to each client (endpoint_url;
AWS_ENDPOINT_URL only reaches botocore 1.31 and later, Debian's is older), the member account's credentials
come from sts.assume_role as an assumed-role profile would get them; prints one JSON line of findings."""
import json
import os
import sys

import boto3
import botocore.exceptions

endpoint = os.environ["SIMULATOR_ENDPOINT"]
out = {}
default = boto3.session.Session(region_name="us-east-1")
sts = default.client("sts", endpoint_url=endpoint)
out["me"] = sts.get_caller_identity()["Arn"]
out["mainEu"] = default.client("ecs", region_name="eu-west-1", endpoint_url=endpoint).list_clusters()["clusterArns"]
c = sts.assume_role(RoleArn="arn:aws:iam::222222222222:role/ecstatic-member", RoleSessionName="boto3-check")["Credentials"]
member = boto3.session.Session(aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"],
                               aws_session_token=c["SessionToken"], region_name="eu-west-1")
out["member"] = member.client("sts", endpoint_url=endpoint).get_caller_identity()["Arn"]
out["memberEu"] = member.client("ecs", endpoint_url=endpoint).list_clusters()["clusterArns"]
errors = []
try:
    default.client("ecs", region_name="ap-east-1", endpoint_url=endpoint).list_clusters()
except botocore.exceptions.ClientError as e:
    errors.append(e.response["Error"]["Code"])
try:
    sts.assume_role(RoleArn="arn:aws:iam::444444444444:role/locked", RoleSessionName="boto3-check")
except botocore.exceptions.ClientError as e:
    errors.append(e.response["Error"]["Code"])
out["errors"] = errors
print(json.dumps(out))
sys.stdout.flush()
