# Apache Kafka single-node (KRaft, broker+controller) setup shared by the benchmark scripts (sourced, not run).
# Expects JAVA, CP (the bench classpath), TMP (with tools-log4j2.properties), KAFKA_PORT,
# KAFKA_CONTROLLER_PORT and die(). Kafka's defaults otherwise: no log.flush.* settings, so fsync is left to
# the OS page cache, as in a stock Kafka.

# prepare_kafka <dir>: writes <dir>/server.properties and <dir>/log4j2.properties and formats <dir>/data.
prepare_kafka() {
  local dir="$1"
  mkdir -p "$dir/data" "$dir/logs"
  cat >"$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
# single node: internal topics cannot have 3 replicas (same as Kafka's config/server.properties)
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
  cat >"$dir/log4j2.properties" <<EOF
status = warn
appender.file.type = File
appender.file.name = FILE
appender.file.fileName = $dir/logs/server.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = FILE
EOF
  local uuid
  uuid="$(timeout 120 "$JAVA" -cp "$CP" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
  [[ -n "$uuid" ]] || die "kafka StorageTool random-uuid failed"
  timeout 120 "$JAVA" -Dlog4j2.configurationFile="$TMP/tools-log4j2.properties" -cp "$CP" kafka.tools.StorageTool \
    format -t "$uuid" -c "$dir/server.properties" >"$dir/format.log" 2>&1 \
    || { cat "$dir/format.log" >&2; die "kafka storage format failed"; }
}
