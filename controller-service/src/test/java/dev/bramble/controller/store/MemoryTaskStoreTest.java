package dev.bramble.controller.store;

/** The memory store passes the contract (it survives "reopening" only as the same object). */
class MemoryTaskStoreTest extends TaskStoreContract {

    @Override
    TaskStore create() {
        return new MemoryTaskStore();
    }

    @Override
    TaskStore reopen(TaskStore old) {
        return old;
    }
}
