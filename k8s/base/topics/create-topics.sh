#!/bin/sh
# Creates the business topics (io.seckill.common.messaging.Topics.ALL; a test keeps this list equal to it) with
# TOPIC_PARTITIONS partitions, skipping those that exist, against MQ_BOOTSTRAP_SERVERS (mq-broker or Apache Kafka).
# Runs from the mq-broker image, whose jar carries the `mq` CLI. In k8s the same file comes from a ConfigMap:
# k8s/base/topics/create-topics.sh must stay identical (checked by the same test).
set -eu

: "${MQ_BOOTSTRAP_SERVERS:?}"
partitions="${TOPIC_PARTITIONS:-3}"

for topic in seckill.reserved seckill.sold-out order.payment-timeout order.cancelled payment.succeeded payment.refund-requested; do
  # An existing topic is fine (restarts, a second run); any other failure fails the run, which is retried.
  if ! out=$(java -cp /app/mq-broker.jar io.seckill.mq.broker.cli.MqCli topics create "$topic" --partitions "$partitions" 2>&1); then
    case "$out" in
      *"already exists"*) echo "topic $topic exists" ;;
      *) echo "$out" >&2; exit 1 ;;
    esac
  else
    echo "$out"
  fi
done
