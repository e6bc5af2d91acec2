package dev.atelier.shell.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.felix.service.command.CommandSession;
import org.jline.builtins.Completers;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.History;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;

/**
 * Atelier's part of Felix's JLine shell (org.apache.felix.gogo.jline): the history kept in the home and
 * Tab completion of Atelier's commands, set on the line reader Gogo made. The only class of the shell
 * bundle that needs JLine (an optional import): without it, {@link #attach} is never reached.
 */
final class JLineConsole {
    static final String HISTORY = ".atelier_history";

    private JLineConsole() { }

    /** Called from the profile of an interactive shell, where the session holds the reader. */
    static String attach(CommandSession session, Completions completions, Path home, java.util.function.Supplier<String> whyNotLeave) throws IOException {
        Object r = session.get(".reader");
        if (!(r instanceof LineReaderImpl reader)) return "no line reader in this session (not an interactive shell)";
        // Gogo's default is ~/.gogo.history, shared by every Gogo application; Atelier's belongs with the home
        Path file = home.resolve(HISTORY);
        reader.setVariable(LineReader.HISTORY_FILE, file);
        History history = reader.getHistory();
        if (Files.exists(file)) history.load();
        else history.purge();
        reader.setVariable(LineReader.HISTORY_FILE_SIZE, 10_000);
        reader.setCompleter(new AtelierCompleter(reader.getCompleter(), completions, session));
        // show a parameter's help beside it; list the choices at once when there are few
        reader.setOpt(LineReader.Option.AUTO_LIST);
        reader.unsetOpt(LineReader.Option.MENU_COMPLETE);
        // Ctrl-D on an empty line leaves the shell and stops the host: not while jobs run, as quit refuses. JLine
        // ends the line reader on the terminal's end-of-file character before any key binding is consulted, so
        // that character is switched off (it means nothing to a terminal in raw mode; JLine restores the
        // terminal's settings on exit) and Ctrl-D reaches its binding, delete-char-or-list, wrapped here.
        Terminal terminal = reader.getTerminal();
        org.jline.terminal.Attributes attributes = terminal.getAttributes();
        attributes.setControlChar(org.jline.terminal.Attributes.ControlChar.VEOF, 0);
        terminal.setAttributes(attributes);
        org.jline.reader.Widget deleteCharOrList = reader.getWidgets().get(LineReader.DELETE_CHAR_OR_LIST);
        reader.getWidgets().put(LineReader.DELETE_CHAR_OR_LIST, () -> {
            if (reader.getBuffer().length() > 0) return deleteCharOrList.apply();
            String refusal = whyNotLeave.get();
            if (refusal == null) throw new org.jline.reader.EndOfFileException();
            reader.printAbove(refusal);
            return true;
        });
        return null;
    }

    /**
     * While the returned registration is open, Ctrl-C on the session's terminal runs {@code action} instead of
     * Gogo's interrupt of the foreground command (which gives the prompt back before the command has finished).
     */
    static Interrupts.Registration onInterrupt(CommandSession session, Runnable action) {
        if (!(session.get(".terminal") instanceof Terminal terminal)) return () -> { };
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> action.run());
        return () -> terminal.handle(Terminal.Signal.INT, previous);
    }

    /** Lines printed above the prompt the reader shows now (as JLine does for asynchronous output), or {@code out} without a reader. */
    static java.io.PrintStream above(CommandSession session, java.io.PrintStream out) {
        if (!(session.get(".reader") instanceof LineReader reader)) return out;
        java.io.OutputStream lines = new java.io.OutputStream() {
            private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            @Override public synchronized void write(int b) {
                if (b != '\n') {
                    line.write(b);
                    return;
                }
                reader.printAbove(line.toString(java.nio.charset.StandardCharsets.UTF_8));
                line.reset();
            }
        };
        return new java.io.PrintStream(lines, true, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Whether output goes to a terminal that can redraw a line in place (not a dumb one, not a pipe). */
    static boolean redraws(CommandSession session) {
        Object t = session.get(".terminal");
        return t instanceof Terminal terminal && !Terminal.TYPE_DUMB.equals(terminal.getType())
                && !Terminal.TYPE_DUMB_COLOR.equals(terminal.getType()) && session.get(".reader") != null;
    }

    /** Atelier's commands from {@link Completions}; anything else (command names, Gogo's own) as Gogo completes it. */
    static final class AtelierCompleter implements Completer {
        private final Completer gogo;
        private final Completions completions;
        private final CommandSession session;
        private final Completer files = new Completers.FileNameCompleter();

        AtelierCompleter(Completer gogo, Completions completions, CommandSession session) {
            this.gogo = gogo;
            this.completions = completions;
            this.session = session;
        }

        @Override public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
            List<String> words = line.words();
            String command = line.wordIndex() > 0 && !words.isEmpty() ? atelierCommand(words.get(0)) : null;
            if (command == null) {
                gogo.complete(reader, line, candidates);
                return;
            }
            String raw = line.line().substring(0, line.cursor());
            char opening = line instanceof org.jline.reader.CompletingParsedLine c && c.rawWordCursor() > 0
                    ? raw.charAt(raw.length() - c.rawWordCursor()) : ' ';
            boolean quoted = opening == '"' || opening == '\'';
            String word = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
            Completions.Result result = completions.argument(command, words.subList(1, line.wordIndex()), word, quoted);
            for (Completions.Suggestion s : result.suggestions()) {
                String description = s.description() == null || s.description().isBlank() ? null : s.description();
                candidates.add(new Candidate(s.value(), s.display(), null, description, null, null, s.complete()));
            }
            if (result.files()) files.complete(reader, line, candidates);
        }

        /** The command's name without the atelier scope, or null when the word is not one of Atelier's commands. */
        private String atelierCommand(String word) {
            String name = word.startsWith("atelier:") ? word.substring("atelier:".length()) : word;
            if (!Completions.COMMANDS.contains(name)) return null;
            if (word.equals(name)) {
                // an unscoped name is Atelier's when the session's SCOPE finds it there first
                Object scope = session.get("SCOPE");
                if (scope != null && !scope.toString().startsWith("atelier:")) return null;
            }
            return name;
        }
    }
}
