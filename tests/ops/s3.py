"""moto's S3 server for the object-storage tests: a real HTTP server speaking
the S3 REST API on a free local port, so boto3 (and django-storages) talk to
it exactly as they would to AWS S3 or MinIO."""

import json
from contextlib import contextmanager

import pytest

from tests.ops.processes import free_port

moto_server = pytest.importorskip("moto.server", reason="moto[s3] (requirements-dev.txt)")
boto3 = pytest.importorskip("boto3", reason="boto3 (requirements.txt)")
requests = pytest.importorskip("requests", reason="requests (moto needs it)")


@contextmanager
def moto_bucket(monkeypatch, bucket, region, policy=None):
    """A moto S3 server with one empty ``bucket`` (and its bucket ``policy``,
    if given); yields (endpoint URL, boto3 client). Credentials are test ones,
    set in the environment for boto3 and for child processes."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "newsroom-test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "newsroom-test-secret")
    port = free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    try:
        # moto keeps its buckets per process: start from none.
        requests.post(f"{endpoint}/moto-api/reset", timeout=10).raise_for_status()
        client = boto3.client("s3", endpoint_url=endpoint, region_name=region)
        client.create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region}
        )
        if policy is not None:
            client.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))
        yield endpoint, client
    finally:
        server.stop()
