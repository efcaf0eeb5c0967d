package dev.parley.system;

/** The scale-out guarantees with one Kafka topic per room (the default layout). */
class PerRoomTopicsScaleOutIT extends ScaleOutContract {

    @Override
    RunningSystem parley() {
        return RunningSystem.get();
    }
}
