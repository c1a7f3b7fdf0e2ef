"""Uses the embedded API with the official Kubernetes Python client, as a user's script would.

Usage: client_check.py KUBECONFIG NAMESPACE. Prints one JSON document with what it saw.
"""
import json
import sys
import threading

from kubernetes import client, config, dynamic, watch


def main(kubeconfig, namespace):
    api_client = config.new_client_from_config(config_file=kubeconfig)
    core = client.CoreV1Api(api_client)
    result = {}

    core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=namespace)))
    result["namespaces"] = [n.metadata.name for n in core.list_namespace().items]

    core.create_namespaced_config_map(namespace, client.V1ConfigMap(
        metadata=client.V1ObjectMeta(name="settings", labels={"app": "shop"}), data={"mode": "slow"}))
    patched = core.patch_namespaced_config_map("settings", namespace, {"data": {"mode": "fast"}})
    result["patched"] = patched.data["mode"]

    listed = core.list_namespaced_config_map(namespace)
    since = listed.metadata.resource_version

    def write():
        core.create_namespaced_config_map(namespace, client.V1ConfigMap(
            metadata=client.V1ObjectMeta(name="watched"), data={"n": "1"}))
        core.patch_namespaced_config_map("watched", namespace, {"data": {"n": "2"}})
        core.delete_namespaced_config_map("watched", namespace)

    writer = threading.Thread(target=write)
    writer.start()
    events = []
    w = watch.Watch()
    for event in w.stream(core.list_namespaced_config_map, namespace, resource_version=since, timeout_seconds=60):
        events.append([event["type"], event["object"].metadata.name, event["object"].metadata.resource_version])
        if event["type"] == "DELETED":
            w.stop()
    writer.join()
    result["watch"] = events

    dyn = dynamic.DynamicClient(api_client)
    environments = dyn.resources.get(api_version="stageline.io/v1alpha1", kind="Environment")
    env_since = environments.get().metadata.resourceVersion

    def write_environment():
        environments.create(body={"apiVersion": "stageline.io/v1alpha1", "kind": "Environment",
                                  "metadata": {"name": namespace + "-env"}, "spec": {"stage": "development"}})
        environments.delete(name=namespace + "-env")

    env_writer = threading.Thread(target=write_environment)
    env_writer.start()
    dynamic_events = []
    for event in dyn.watch(environments, resource_version=env_since, timeout=60):
        dynamic_events.append([event["type"], event["object"].metadata.name])
        if event["type"] == "DELETED":
            break
    env_writer.join()
    result["dynamic_watch"] = dynamic_events
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
