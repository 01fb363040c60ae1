/** Runnable examples of the Bramble SDK; each main takes an optional connection file (default: the default profile's). */
package dev.bramble.examples;
