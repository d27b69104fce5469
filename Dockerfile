# One briefbot worker. Run several behind a TLS proxy on one PostgreSQL: deploy/compose.yaml.
FROM python:3.11-slim

# tzdata: zoneinfo for subscribers' time zones (digests are due at local times).
RUN apt-get update \
    && apt-get install -y --no-install-recommends tzdata \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
COPY pyproject.toml README.md errors.py blocks.py ./
COPY bot ./bot
COPY handlers ./handlers
COPY summarizer ./summarizer
COPY config ./config
COPY store ./store
COPY ingest ./ingest
RUN pip install . && useradd --create-home --uid 10001 briefbot

USER briefbot
WORKDIR /home/briefbot
# A worker behind a proxy listens on every interface of its container; logs go to a collector.
ENV BRIEFBOT_TELEGRAM__WEBHOOK_LISTEN=0.0.0.0 \
    BRIEFBOT_TELEGRAM__METRICS_LISTEN=0.0.0.0 \
    BRIEFBOT_LOG_FORMAT=json
EXPOSE 8443
ENTRYPOINT ["briefbot"]
CMD ["run"]
