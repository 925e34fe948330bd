"""boto3 publishing to SNS and putting EventBridge events on the simulator (endpoint_url on each client: Debian's
botocore predates AWS_ENDPOINT_URL); prints one JSON line of findings."""
import json
import os
import sys

import boto3
import botocore.exceptions

endpoint = os.environ["SIMULATOR_ENDPOINT"]
session = boto3.session.Session(region_name="us-east-1")
sns = session.client("sns", endpoint_url=endpoint)
events = session.client("events", endpoint_url=endpoint)
topic = "arn:aws:sns:us-east-1:111111111111:ecstatic-alerts"
out = {}
out["messageId"] = sns.publish(TopicArn=topic, Subject="ecstatic: web blocked", Message='{"kind":"alert"}',
                               MessageAttributes={"kind": {"DataType": "String", "StringValue": "alert"},
                                                  "n": {"DataType": "Number", "StringValue": "2"}})["MessageId"]
errors = []
try:
    sns.publish(TopicArn=topic, Subject="x" * 100, Message="m")
except botocore.exceptions.ClientError as e:
    errors.append(e.response["Error"]["Code"])
try:
    sns.publish(TopicArn="arn:aws:sns:us-east-1:111111111111:nope", Message="m")
except botocore.exceptions.ClientError as e:
    errors.append(e.response["Error"]["Code"])
out["errors"] = errors
r = events.put_events(Entries=[
    {"Source": "ecstatic", "DetailType": "alert", "Detail": '{"cluster":"web"}'},
    {"Source": "ecstatic", "DetailType": "alert", "Detail": "[]", "EventBusName": "ops"},
])
out["failed"] = r["FailedEntryCount"]
out["entries"] = r["Entries"]
print(json.dumps(out))
sys.stdout.flush()
