package dev.bramble.worker.link;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionTest {

    @Test
    void aWorkerIsNotRegisteredBeforeItsFirstRegistration() {
        Session session = new Session();

        assertThat(session.isRegistered()).isFalse();
        assertThat(session.current()).isEqualTo(Session.NONE);
        assertThat(session.unknownSince(Session.NONE)).isFalse();
    }

    @Test
    void onlyTheFirstRegistrationIsTheFirst() {
        Session session = new Session();

        assertThat(session.registered()).isTrue();
        assertThat(session.unknownSince(session.current())).isTrue();
        assertThat(session.registered()).isFalse();
    }

    @Test
    void notKnownInTheRegistrationInForceEndsIt() {
        Session session = new Session();
        session.registered();
        long asked = session.current();

        assertThat(session.unknownSince(asked)).isTrue();
        assertThat(session.isRegistered()).isFalse();
        assertThat(session.current()).isEqualTo(Session.NONE);
    }

    @Test
    void notKnownAskedBeforeTheWorkerRegisteredAgainIsStale() {
        Session session = new Session();
        session.registered();
        long heartbeatSent = session.current();
        long pollSent = session.current();
        assertThat(session.unknownSince(pollSent)).isTrue();

        session.registered();

        assertThat(session.unknownSince(heartbeatSent)).isFalse();
        assertThat(session.isRegistered()).isTrue();
        assertThat(session.current()).isNotEqualTo(heartbeatSent);
    }

    @Test
    void aSecondNotKnownForTheSameRegistrationChangesNothing() {
        Session session = new Session();
        session.registered();
        long asked = session.current();

        assertThat(session.unknownSince(asked)).isTrue();
        assertThat(session.unknownSince(asked)).isFalse();
        assertThat(session.isRegistered()).isFalse();
    }
}
