"""boto3 across the simulator's accounts and regions: the endpoint comes from AWS_ENDPOINT_URL, the member
account from an assumed-role profile of the config file; prints one JSON line of findings."""
import json

import boto3
import botocore.exceptions

out = {}
default = boto3.session.Session(region_name="us-east-1")
out["me"] = default.client("sts").get_caller_identity()["Arn"]
out["mainEu"] = default.client("ecs", region_name="eu-west-1").list_clusters()["clusterArns"]
member = boto3.session.Session(profile_name="member", region_name="eu-west-1")
out["member"] = member.client("sts").get_caller_identity()["Arn"]
out["memberEu"] = member.client("ecs").list_clusters()["clusterArns"]
errors = []
try:
    default.client("ecs", region_name="ap-east-1").list_clusters()
except botocore.exceptions.ClientError as e:
    errors.append(e.response["Error"]["Code"])
try:
    boto3.session.Session(profile_name="locked", region_name="us-east-1").client("sts").get_caller_identity()
except botocore.exceptions.ClientError as e:
    errors.append(e.response["Error"]["Code"])
out["errors"] = errors
print(json.dumps(out))
