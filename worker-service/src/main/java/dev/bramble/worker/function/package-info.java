/** The functions engines call by name: the standard library and the plugins folder. */
package dev.bramble.worker.function;
