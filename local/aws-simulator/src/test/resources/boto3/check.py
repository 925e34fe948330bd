"""Drives the simulator with boto3 as ecstatic's users would; prints one JSON line of findings."""
import json
import sys

import boto3

endpoint = sys.argv[1]
ecs = boto3.client("ecs", endpoint_url=endpoint, region_name="us-east-1")
ssm = boto3.client("ssm", endpoint_url=endpoint, region_name="us-east-1")

out = {}
out["clusters"] = [a for p in ecs.get_paginator("list_clusters").paginate(PaginationConfig={"PageSize": 2})
                   for a in p["clusterArns"]]
arns = [a for p in ecs.get_paginator("list_container_instances").paginate(
    cluster="batch", PaginationConfig={"PageSize": 40}) for a in p["containerInstanceArns"]]
out["batchInstances"] = len(arns)
described = ecs.describe_container_instances(cluster="batch", containerInstances=arns[:99] + ["nope"],
                                             include=["TAGS"])
out["described"] = len(described["containerInstances"])
out["failures"] = [f["reason"] for f in described["failures"]]
out["registeredAtType"] = type(described["containerInstances"][0]["registeredAt"]).__name__
errors = []
for cluster, instance in (("nope", "x"), ("batch", "0123456789abcdef0123456789abcdef")):
    try:
        ecs.update_container_agent(cluster=cluster, containerInstance=instance)
    except ecs.exceptions.ClusterNotFoundException:
        errors.append("ClusterNotFoundException")
    except ecs.exceptions.InvalidParameterException:
        errors.append("InvalidParameterException")
started = ecs.update_container_agent(cluster="batch", containerInstance=arns[0])
out["started"] = started["containerInstance"]["agentUpdateStatus"]
try:
    ecs.update_container_agent(cluster="batch", containerInstance=arns[0])
except ecs.exceptions.UpdateInProgressException:
    errors.append("UpdateInProgressException")
try:
    ssm.get_parameter(Name="/aws/service/ecs/optimized-ami/nope/recommended")
except ssm.exceptions.ParameterNotFound:
    errors.append("ParameterNotFound")
out["errors"] = errors
value = ssm.get_parameter(Name="/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended")["Parameter"]["Value"]
out["recommendedAgent"] = json.loads(value)["ecs_agent_version"]
print(json.dumps(out))
