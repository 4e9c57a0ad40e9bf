package io.llmsvc.jobs.queue;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.jobs.JobArgs;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The job types this process knows: their handlers by type and by argument record. */
public final class JobTypes {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");

    private final Map<String, JobHandler<?>> byType = new HashMap<>();
    private final Map<Class<?>, JobHandler<?>> byArgs = new HashMap<>();

    public JobTypes(List<JobHandler<?>> handlers) {
        for (JobHandler<?> h : handlers) {
            if (!NAME.matcher(h.type()).matches() || h.type().length() > 100) {
                throw new IllegalStateException("job type '" + h.type() + "' is not a name like 'files.archive'");
            }
            if (byType.put(h.type(), h) != null) throw new IllegalStateException("two handlers for job type " + h.type());
            if (byArgs.put(h.argsType(), h) != null) {
                throw new IllegalStateException("argument record " + h.argsType().getName() + " belongs to two job types");
            }
        }
    }

    public Optional<JobHandler<?>> byType(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    @SuppressWarnings("unchecked")
    public <A extends JobArgs> JobHandler<A> byArgs(A args) {
        JobHandler<?> h = args == null ? null : byArgs.get(args.getClass());
        if (h == null) {
            throw new LlmsvcException(ErrorCode.INVALID_REQUEST, "no job type takes "
                    + (args == null ? "null arguments" : args.getClass().getSimpleName()));
        }
        return (JobHandler<A>) h;
    }

    public Set<String> names() { return new TreeSet<>(byType.keySet()); }
}
