package io.pulse.storage.influxdb;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that needs a real {@code influxd}: without one the class is skipped, each test showing how to
 * install it, unless {@code -Dpulse.requireInfluxd=true} (CI), where the class runs and {@link InfluxdServer#start()}
 * fails it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresInfluxd.Condition.class)
@interface RequiresInfluxd {

    /** Enables the class when influxd is installed or required. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (InfluxdServer.locate().isPresent() || Boolean.getBoolean(InfluxdServer.REQUIRE_PROPERTY)) {
                return ConditionEvaluationResult.enabled("influxd available or required");
            }
            return ConditionEvaluationResult.disabled(InfluxdServer.INSTALL_HINT);
        }
    }
}
