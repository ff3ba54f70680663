#!/usr/bin/env bash
# One pod runs on TPU and on GPU nodes. This container serves only where a TPU
# device exists; elsewhere it idles (and exits promptly on SIGTERM) so the GPU
# container of the same pod can serve. Arguments go to the vLLM OpenAI server.
if [ ! -c /dev/vfio/0 ]; then
  echo "no TPU device (/dev/vfio/0) on this node: idling, the GPU container serves"
  trap 'exit 0' TERM INT
  while true; do sleep 3600 & wait $!; done
fi
exec python3 -m vllm.entrypoints.openai.api_server "$@"
