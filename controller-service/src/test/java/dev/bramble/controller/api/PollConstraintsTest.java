package dev.bramble.controller.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bramble.controller.api.model.EngineCapacity;
import dev.bramble.controller.api.model.PollRequest;
import dev.bramble.controller.api.model.TaskError;
import dev.bramble.controller.api.model.TaskOutcome;
import dev.bramble.controller.api.model.TaskReport;
import dev.bramble.controller.api.model.Transfers;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.metadata.ConstraintDescriptor;
import jakarta.validation.metadata.PropertyDescriptor;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The direct checks of a poll agree with bean validation, and cover every constraint the contract puts on a poll. */
class PollConstraintsTest {

    private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    private static final Validator VALIDATOR = FACTORY.getValidator();
    private static final String HASH = "0123456789abcdef".repeat(4);

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    /** What PollConstraints checks. A change of the contract's constraints on polls shows here first. */
    @Test
    void theContractsConstraintsOnAPollAreTheOnesCheckedDirectly() {
        assertThat(constraints(PollRequest.class)).containsExactlyInAnyOrder(
                "PollRequest.waitMs Min 0", "PollRequest.waitMs Max 60000", "PollRequest.roomBytes Min 0",
                "TaskReport.taskId NotNull", "TaskReport.attempt NotNull", "TaskReport.engine NotNull", "TaskReport.outcome NotNull",
                "TaskReport.uploading[] Pattern ^[0-9a-f]{64}$",
                "TaskError.taskId NotNull", "TaskError.type NotNull", "TaskError.message NotNull",
                "EngineCapacity.engine NotNull", "EngineCapacity.slots NotNull", "EngineCapacity.slots Min 0",
                "Transfers.fetches NotNull", "Transfers.bytes NotNull", "PollRequest.acks Size max 4096");
    }

    @Test
    void aValidPollHoldsAndEachBrokenConstraintIsCaught() {
        assertThat(PollConstraints.hold(valid())).isTrue();
        assertThat(VALIDATOR.validate(valid())).isEmpty();
        assertThat(PollConstraints.hold(new PollRequest())).isTrue();
        assertThat(PollConstraints.hold(valid().waitMs(0L))).isTrue();
        assertThat(PollConstraints.hold(valid().waitMs(60_000L))).isTrue();

        Map<String, Consumer<PollRequest>> breaks = Map.ofEntries(
                Map.entry("waitMs below 0", p -> p.waitMs(-1L)),
                Map.entry("roomBytes below 0", p -> p.roomBytes(-1L)),
                Map.entry("waitMs above 60000", p -> p.waitMs(60_001L)),
                Map.entry("report without taskId", p -> p.getReports().get(0).taskId(null)),
                Map.entry("report without attempt", p -> p.getReports().get(0).attempt(null)),
                Map.entry("report without engine", p -> p.getReports().get(0).engine(null)),
                Map.entry("report without outcome", p -> p.getReports().get(0).outcome(null)),
                Map.entry("error without taskId", p -> p.getReports().get(1).getError().taskId(null)),
                Map.entry("error without type", p -> p.getReports().get(1).getError().type(null)),
                Map.entry("error without message", p -> p.getReports().get(1).getError().message(null)),
                Map.entry("upload not a hash", p -> p.getReports().get(0).uploading(List.of(HASH, "xyz"))),
                Map.entry("upload in capitals", p -> p.getReports().get(0).uploading(List.of(HASH.toUpperCase()))),
                Map.entry("upload a hash and a line", p -> p.getReports().get(0).uploading(List.of(HASH + "\n"))),
                Map.entry("capacity without engine", p -> p.getCapacity().get(0).engine(null)),
                Map.entry("capacity without slots", p -> p.getCapacity().get(0).slots(null)),
                Map.entry("capacity below 0", p -> p.getCapacity().get(0).slots(-1)),
                Map.entry("transfers without fetches", p -> p.getTransfers().fetches(null)),
                Map.entry("transfers without bytes", p -> p.getTransfers().bytes(null)),
                Map.entry("more than 4096 acks", p -> p.acks(LongStream.range(0, 4097).boxed().toList())));
        breaks.forEach((what, change) -> {
            PollRequest poll = valid();
            change.accept(poll);
            assertThat(VALIDATOR.validate(poll)).as(what).isNotEmpty();
            assertThat(PollConstraints.hold(poll)).as(what).isFalse();
        });
    }

    @Test
    void aListWithAMissingElementIsLeftToTheValidator() {
        PollRequest poll = valid();
        poll.getReports().add(null);
        assertThat(PollConstraints.hold(poll)).isFalse();
    }

    private static PollRequest valid() {
        OffsetDateTime now = OffsetDateTime.now();
        List<TaskReport> reports = new ArrayList<>(List.of(
                new TaskReport().taskId(1L).attempt(1).engine(0).outcome(TaskOutcome.COMPLETED).result(2).startedAt(now).completedAt(now)
                        .uploading(new ArrayList<>(List.of(HASH))),
                new TaskReport().taskId(2L).attempt(1).engine(0).outcome(TaskOutcome.FAILED)
                        .error(new TaskError().taskId(2L).type("java.lang.IllegalStateException").message("boom"))));
        return new PollRequest().reports(reports).capacity(new ArrayList<>(List.of(new EngineCapacity().engine(0).slots(4))))
                .capacitySequence(3L).roomBytes(1_000_000L).waitMs(1_000L).transfers(new Transfers().fetches(1L).bytes(10L))
                .acks(LongStream.range(0, 4096).boxed().toList());
    }

    /** Every constraint reachable from the type through cascades, as "Type.property Constraint value". */
    private static Set<String> constraints(Class<?> root) {
        Set<String> found = new TreeSet<>();
        Set<Class<?>> seen = new HashSet<>();
        Deque<Class<?>> next = new ArrayDeque<>(List.of(root));
        while (!next.isEmpty()) {
            Class<?> type = next.pop();
            if (!seen.add(type)) {
                continue;
            }
            for (PropertyDescriptor p : VALIDATOR.getConstraintsForClass(type).getConstrainedProperties()) {
                String name = type.getSimpleName() + "." + p.getPropertyName();
                p.getConstraintDescriptors().forEach(d -> found.add(name + " " + describe(d)));
                if (p.isCascaded()) {
                    next.add(p.getElementClass());
                }
                p.getConstrainedContainerElementTypes().forEach(e -> {
                    e.getConstraintDescriptors().forEach(d -> found.add(name + "[] " + describe(d)));
                    if (e.isCascaded()) {
                        next.add(e.getElementClass());
                    }
                });
            }
        }
        assertThat(seen).as("the types a poll's validation reaches").contains(TaskReport.class, TaskError.class, EngineCapacity.class,
                Transfers.class);
        return found;
    }

    private static String describe(ConstraintDescriptor<?> d) {
        Map<String, Object> a = d.getAttributes();
        Object value = a.containsKey("regexp") ? a.get("regexp") : a.containsKey("max") ? "max " + a.get("max") : a.get("value");
        return d.getAnnotation().annotationType().getSimpleName() + (value == null ? "" : " " + value);
    }
}
