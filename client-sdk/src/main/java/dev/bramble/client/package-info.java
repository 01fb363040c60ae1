/**
 * The Bramble Java SDK: connect to a controller ({@link dev.bramble.client.Client}), pick engines with
 * views, and run named functions or your own lambdas on them, ipyparallel style.
 *
 * <pre>{@code
 * try (Client c = Client.connect()) {
 *     List<String> hi = c.all().applySync(() -> "Hello World");
 *     List<Integer> twice = c.slice(0, 2).mapSync(x -> x * 2, Client.range(10));
 * }
 * }</pre>
 */
package dev.bramble.client;
