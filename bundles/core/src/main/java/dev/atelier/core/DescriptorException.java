package dev.atelier.core;

import java.util.List;
import java.util.stream.Collectors;

/** A descriptor or chain that cannot be used, with every problem found in it. */
public class DescriptorException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<Problem> problems;
    private final boolean mayResolveLater;

    public DescriptorException(List<Problem> problems) {
        this(problems, false);
    }

    public DescriptorException(Problem problem) {
        this(List.of(problem), false);
    }

    /** @param mayResolveLater see {@link #mayResolveLater()} */
    public DescriptorException(List<Problem> problems, boolean mayResolveLater) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
        this.mayResolveLater = mayResolveLater;
    }

    /**
     * True when the pipeline may become usable without an edit: it waits for a plugin that is not
     * installed yet, or no descriptor of that name has been read yet. A caller may wait and retry.
     */
    public boolean mayResolveLater() { return mayResolveLater; }

    public List<Problem> problems() { return problems; }
}
