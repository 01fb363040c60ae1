/**
 * The extension point of workers: named functions that curl users (and the SDK) call by name. A jar in
 * a worker's plugins folder that lists a {@link dev.bramble.function.FunctionLibrary} in
 * {@code META-INF/services/dev.bramble.function.FunctionLibrary} adds its functions to every engine of
 * that worker.
 */
package dev.bramble.function;
