package dev.bramble.worker.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class AnswersTest {

    @Test
    void eachAnswerIsTakenOnceAndAcknowledgedEachTimeItComes() {
        Answers answers = new Answers();
        answers.registered(100);

        assertThat(answers.firstTime(101)).isTrue();
        assertThat(answers.firstTime(101)).isFalse();
        assertThat(answers.take()).containsExactly(101L, 101L);
        assertThat(answers.take()).isEmpty();
    }

    @Test
    void anAnswerThatArrivesAfterALaterOneIsStillNew() {
        Answers answers = new Answers();
        answers.registered(100);

        assertThat(answers.firstTime(102)).isTrue();
        assertThat(answers.firstTime(103)).isTrue();
        assertThat(answers.firstTime(101)).as("the lost one, sent again").isTrue();
        assertThat(answers.firstTime(102)).isFalse();
        assertThat(answers.firstTime(103)).isFalse();
        assertThat(answers.firstTime(104)).isTrue();
    }

    @Test
    void answersOfAnEarlierRegistrationAreNotTakenButAcknowledged() {
        Answers answers = new Answers();
        answers.registered(100);
        answers.firstTime(101);
        answers.firstTime(102);
        answers.take();

        answers.registered(105);

        assertThat(answers.firstTime(103)).isFalse();
        assertThat(answers.firstTime(105)).isFalse();
        assertThat(answers.firstTime(106)).isTrue();
        assertThat(answers.take()).containsExactly(103L, 105L, 106L);
    }

    @Test
    void acknowledgementsOfAFailedRequestGoFirstWithTheNext() {
        Answers answers = new Answers();
        answers.registered(0);
        answers.firstTime(1);
        List<Long> failed = answers.take();
        answers.firstTime(2);

        answers.unsent(failed);

        assertThat(answers.take()).containsExactly(1L, 2L);
    }

    @Test
    void aRequestCarriesAtMostWhatTheContractAllows() {
        Answers answers = new Answers();
        answers.registered(0);
        LongStream.rangeClosed(1, Answers.MAX_ACKS + 10).forEach(answers::firstTime);

        assertThat(answers.take()).hasSize(Answers.MAX_ACKS).startsWith(1L);
        assertThat(answers.take()).hasSize(10).startsWith(Answers.MAX_ACKS + 1L);
    }
}
