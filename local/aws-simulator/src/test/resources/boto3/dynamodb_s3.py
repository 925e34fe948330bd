"""Drives the simulator's DynamoDB and S3 with boto3, unchanged but for endpoint_url; prints one JSON line."""
import json
import os
import sys
import tempfile

import boto3
from boto3.dynamodb.conditions import Attr, Key
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
config = Config(retries={"max_attempts": 1})
ddb = boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1", config=config)
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", config=config)
out = {}
errors = []


def error_of(call):
    try:
        call()
    except ClientError as e:
        errors.append(e.response["Error"]["Code"] + ": " + e.response["Error"]["Message"])


# DynamoDB, low level
ddb.create_table(TableName="py-table", BillingMode="PAY_PER_REQUEST",
                 KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                 AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}])
ddb.get_waiter("table_exists").wait(TableName="py-table")
ddb.put_item(TableName="py-table", Item={"id": {"S": "a"}, "n": {"N": "1.50"}, "blob": {"B": b"\x00\x01"}})
item = ddb.get_item(TableName="py-table", Key={"id": {"S": "a"}})["Item"]
out["n"] = item["n"]["N"]
out["blob"] = list(item["blob"]["B"])

# DynamoDB, the resource layer (Decimal numbers, Python sets, condition builders)
table = boto3.resource("dynamodb", endpoint_url=endpoint, region_name="us-east-1", config=config).Table("py-table")
table.put_item(Item={"id": "b", "count": 1, "tags": {"x", "y"}})
updated = table.update_item(Key={"id": "b"}, UpdateExpression="ADD #c :one DELETE tags :x",
                            ExpressionAttributeNames={"#c": "count"},
                            ExpressionAttributeValues={":one": 1, ":x": {"x"}}, ReturnValues="ALL_NEW")
out["count"] = int(updated["Attributes"]["count"])
out["tags"] = sorted(updated["Attributes"]["tags"])
with table.batch_writer() as batch:
    for i in range(30):
        batch.put_item(Item={"id": "item-%02d" % i, "group": "g%d" % (i % 3)})
out["scanned"] = sum(len(p["Items"]) for p in ddb.get_paginator("scan").paginate(
    TableName="py-table", PaginationConfig={"PageSize": 7}))
out["g1"] = len(table.scan(FilterExpression=Attr("group").eq("g1"))["Items"])
out["queried"] = [i["id"] for i in table.query(KeyConditionExpression=Key("id").eq("item-07"))["Items"]]
got = ddb.batch_get_item(RequestItems={"py-table": {"Keys": [{"id": {"S": "a"}}, {"id": {"S": "item-00"}}]}})
out["batchGot"] = len(got["Responses"]["py-table"])

try:
    ddb.put_item(TableName="py-table", Item={"id": {"S": "a"}}, ConditionExpression="attribute_not_exists(id)")
except ddb.exceptions.ConditionalCheckFailedException as e:
    errors.append("ConditionalCheckFailedException: " + e.response["Error"]["Message"])
try:
    ddb.get_item(TableName="no-such-table", Key={"id": {"S": "a"}})
except ddb.exceptions.ResourceNotFoundException as e:
    errors.append("ResourceNotFoundException: " + e.response["Error"]["Message"])
error_of(lambda: ddb.update_item(TableName="py-table", Key={"id": {"S": "a"}}, UpdateExpression="SET #x = :v",
                                 ExpressionAttributeValues={":v": {"S": "v"}}))
error_of(lambda: ddb.put_item(TableName="py-table", Item={"id": {"N": "1"}}))

# S3
s3.create_bucket(Bucket="py-bucket")
s3.put_object(Bucket="py-bucket", Key="dir/hello.txt", Body=b"hello, boto3", ContentType="text/plain")
out["body"] = s3.get_object(Bucket="py-bucket", Key="dir/hello.txt")["Body"].read().decode()
out["range"] = s3.get_object(Bucket="py-bucket", Key="dir/hello.txt", Range="bytes=7-11")["Body"].read().decode()
with tempfile.TemporaryDirectory() as tmp:
    big = os.path.join(tmp, "big.bin")
    with open(big, "wb") as f:
        f.write(bytes(range(256)) * (11 * 4096))
    s3.upload_file(big, "py-bucket", "blobs/big.bin",
                   Config=TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024))
    back = os.path.join(tmp, "back.bin")
    s3.download_file("py-bucket", "blobs/big.bin", back)
    out["bigRoundTrip"] = open(big, "rb").read() == open(back, "rb").read()
out["bigEtag"] = s3.head_object(Bucket="py-bucket", Key="blobs/big.bin")["ETag"]
s3.copy_object(Bucket="py-bucket", Key="dir/copy.txt", CopySource={"Bucket": "py-bucket", "Key": "dir/hello.txt"})
pages = list(s3.get_paginator("list_objects_v2").paginate(Bucket="py-bucket", Delimiter="/",
                                                            PaginationConfig={"PageSize": 1}))
out["prefixes"] = [c["Prefix"] for p in pages for c in p.get("CommonPrefixes", [])]
out["keys"] = [o["Key"] for p in s3.get_paginator("list_objects_v2").paginate(Bucket="py-bucket")
               for o in p.get("Contents", [])]
deleted = s3.delete_objects(Bucket="py-bucket", Delete={"Objects": [{"Key": "dir/copy.txt"}]})
out["deleted"] = [d["Key"] for d in deleted["Deleted"]]
error_of(lambda: s3.get_object(Bucket="py-bucket", Key="absent"))
error_of(lambda: s3.list_objects_v2(Bucket="no-such-bucket"))
error_of(lambda: s3.delete_bucket(Bucket="py-bucket"))
error_of(lambda: s3.get_object(Bucket="py-bucket", Key="dir/hello.txt", Range="bytes=100-200"))

out["errors"] = errors
print(json.dumps(out))
