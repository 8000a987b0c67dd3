package io.seckill.mq.broker.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code mq}: the operator's command line for mq-broker (or any Kafka cluster) — topics, consumer
 * groups with lag and offset resets, producing and consuming a few records. Exit codes: 0 success,
 * 1 failure (one line on stderr), 2 usage error.
 */
@Command(name = "mq", version = "mq 0.1.0", sortOptions = false, synopsisSubcommandLabel = "COMMAND",
        description = "Operate an mq-broker over the Kafka protocol: topics, consumer groups, produce, consume.",
        subcommands = {TopicsCommand.class, GroupsCommand.class, ProduceCommand.class, ConsumeCommand.class})
public final class MqCli extends CommandGroup {

    static final int EXIT_FAILURE = 1;

    static final String BOOTSTRAP_SERVERS_ENV = "MQ_BOOTSTRAP_SERVERS";
    static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";

    // No picocli default: a subcommand would re-apply it to this inherited option over a value given earlier.
    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT", scope = ScopeType.INHERIT,
            description = "Broker to connect to (default: $" + BOOTSTRAP_SERVERS_ENV + ", else "
                    + DEFAULT_BOOTSTRAP_SERVERS + ").")
    private String bootstrapServers;

    @Option(names = "--command-config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Properties file with extra client settings (security, timeouts).")
    private Path commandConfig;

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help.")
    private boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version.")
    private boolean version;

    private MqCli() {
    }

    public static void main(String[] args) {
        silenceClientLogging();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.exit(execute(ClientFactory.kafka(), in, out, err, args));
    }

    /** Runs one {@code mq} command line and returns its exit code; output goes to {@code out} and {@code err}. */
    public static int execute(ClientFactory clients, BufferedReader in, PrintWriter out, PrintWriter err,
                              String... args) {
        MqCli root = new MqCli();
        CliContext context = new CliContext(clients, root::settings, in, out, err);
        CommandLine commandLine = new CommandLine(root, new ContextFactory(context))
                .setOut(out)
                .setErr(err)
                .setParameterExceptionHandler(MqCli::usageError)
                .setExecutionExceptionHandler((failure, command, parsed) -> {
                    command.getErr().println("mq: " + CliErrors.describe(failure, root.bootstrapServers()));
                    return EXIT_FAILURE;
                });
        int exitCode = commandLine.execute(args);
        out.flush();
        err.flush();
        return exitCode;
    }

    private ClientSettings settings() {
        return ClientSettings.of(bootstrapServers(), commandConfig);
    }

    private String bootstrapServers() {
        if (bootstrapServers != null) {
            return bootstrapServers;
        }
        String fromEnvironment = System.getenv(BOOTSTRAP_SERVERS_ENV);
        return fromEnvironment == null || fromEnvironment.isBlank() ? DEFAULT_BOOTSTRAP_SERVERS : fromEnvironment;
    }

    private static int usageError(ParameterException failure, String[] args) {
        CommandLine command = failure.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("mq: " + failure.getMessage());
        UnmatchedArgumentException.printSuggestions(failure, err);
        err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** kafka-clients logs connection retries as warnings on stdout; the CLI reports failures itself. */
    private static void silenceClientLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logging) {
            logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.ERROR);
            logging.getLogger("org.apache.kafka").setLevel(Level.OFF);
        }
    }

    /**
     * Creates this package's commands through their {@code (CliContext)} constructor (constructor
     * injection for picocli) and its option groups and converters through their no-argument one.
     */
    private record ContextFactory(CliContext context) implements CommandLine.IFactory {

        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type.getPackage() != MqCli.class.getPackage()) {
                return CommandLine.defaultFactory().create(type);
            }
            try {
                Constructor<K> constructor = type.getDeclaredConstructor(CliContext.class);
                return constructor.newInstance(context);
            } catch (NoSuchMethodException noContextNeeded) {
                return type.getDeclaredConstructor().newInstance();
            }
        }
    }
}
