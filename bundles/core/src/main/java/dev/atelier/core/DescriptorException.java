package dev.atelier.core;

import java.util.List;
import java.util.stream.Collectors;

/** A descriptor or chain that cannot be used, with every problem found in it. */
public class DescriptorException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<Problem> problems;

    public DescriptorException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public DescriptorException(Problem problem) {
        this(List.of(problem));
    }

    public List<Problem> problems() { return problems; }
}
