"""Drives EC2, Auto Scaling, ECS draining and SSM's platform parameters with boto3; prints one JSON line of findings."""
import json
import sys

import boto3
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
ec2 = boto3.client("ec2", endpoint_url=endpoint, region_name="us-east-1")
asg = boto3.client("autoscaling", endpoint_url=endpoint, region_name="us-east-1")
ecs = boto3.client("ecs", endpoint_url=endpoint, region_name="us-east-1")
ssm = boto3.client("ssm", endpoint_url=endpoint, region_name="us-east-1")


def error_code(call):
    try:
        call()
    except ClientError as e:
        return e.response["Error"]["Code"]
    return None


out = {}
images = ec2.describe_images(ImageIds=["ami-0a1a2023old", "ami-0w022old"])["Images"]
out["images"] = [i["ImageId"] for i in images]
out["deprecationTime"] = images[0].get("DeprecationTime")
out["imageNotFound"] = error_code(lambda: ec2.describe_images(ImageIds=["ami-0nope"]))
instances = [i for page in ec2.get_paginator("describe_instances").paginate(
    Filters=[{"Name": "instance-state-name", "Values": ["running"]}], PaginationConfig={"PageSize": 5})
    for r in page["Reservations"] for i in r["Instances"]]
out["instances"] = len(instances)
versions = ec2.describe_launch_template_versions(LaunchTemplateName="web", Versions=["$Latest", "$Default"])
out["versions"] = [v["VersionNumber"] for v in versions["LaunchTemplateVersions"]]

groups = [g for page in asg.get_paginator("describe_auto_scaling_groups").paginate(
    PaginationConfig={"PageSize": 2}) for g in page["AutoScalingGroups"]]
out["groups"] = [g["AutoScalingGroupName"] for g in groups]
web = next(g for g in groups if g["AutoScalingGroupName"] == "web-asg")
out["webVersions"] = [i["LaunchTemplate"]["Version"] for i in web["Instances"]]
out["webProtected"] = [i["ProtectedFromScaleIn"] for i in web["Instances"]]
details = asg.describe_auto_scaling_instances(InstanceIds=[web["Instances"][0]["InstanceId"]])
out["health"] = details["AutoScalingInstances"][0]["HealthStatus"]
out["terminateUnknown"] = error_code(lambda: asg.terminate_instance_in_auto_scaling_group(
    InstanceId="i-0123456789abcdef0", ShouldDecrementDesiredCapacity=False))
legacy = next(g for g in groups if g["AutoScalingGroupName"] == "legacy-asg")["Instances"][0]["InstanceId"]
activity = asg.terminate_instance_in_auto_scaling_group(InstanceId=legacy, ShouldDecrementDesiredCapacity=False)
out["terminated"] = activity["Activity"]["StatusCode"]
activities = asg.describe_scaling_activities(AutoScalingGroupName="legacy-asg")["Activities"]
out["activities"] = [a["Description"].split(":")[0] for a in activities]
out["refresh"] = asg.describe_instance_refreshes(AutoScalingGroupName="windows-asg")["InstanceRefreshes"][0]["Status"]

arns = ecs.list_container_instances(cluster="prod-web")["containerInstanceArns"]
drained = ecs.update_container_instances_state(cluster="prod-web", containerInstances=[arns[1], "nope"],
                                               status="DRAINING")
out["drained"] = drained["containerInstances"][0]["status"]
out["drainFailures"] = [f["reason"] for f in drained["failures"]]
tasks = [t for page in ecs.get_paginator("list_tasks").paginate(cluster="prod-web", serviceName="web",
                                                                PaginationConfig={"PageSize": 2})
         for t in page["taskArns"]]
described = ecs.describe_tasks(cluster="prod-web", tasks=tasks)["tasks"]
out["serviceTasks"] = sorted(t["lastStatus"] for t in described)
out["startedAtType"] = type(described[0]["createdAt"]).__name__

params = [p["Name"] for page in ssm.get_paginator("get_parameters_by_path").paginate(
    Path="/aws/service/ami-windows-latest", Recursive=True) for p in page["Parameters"]]
out["windowsParameters"] = len(params)
print(json.dumps(out))
