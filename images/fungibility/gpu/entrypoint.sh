#!/usr/bin/env bash
# One pod runs on TPU and on GPU nodes. This container serves only where the GKE
# NVIDIA driver (mounted at /usr/local/nvidia) answers; elsewhere it idles (and
# exits promptly on SIGTERM) so the TPU container of the same pod can serve.
# Arguments go to the vLLM OpenAI server.
export PATH="/usr/local/nvidia/bin:${PATH}"
if ! nvidia-smi >/dev/null 2>&1; then
  echo "no NVIDIA GPU on this node: idling, the TPU container serves"
  trap 'exit 0' TERM INT
  while true; do sleep 3600 & wait $!; done
fi
exec python3 -m vllm.entrypoints.openai.api_server "$@"
