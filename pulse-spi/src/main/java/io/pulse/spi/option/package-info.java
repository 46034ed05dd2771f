/**
 * Typed, plugin-owned options: a factory declares its {@link io.pulse.spi.option.Option}s (key, type, default,
 * description, secrecy, flag and environment aliases); the kernel offers them on the command line, in the
 * environment and in the config file, validates them, and hands the factory its
 * {@link io.pulse.spi.option.OptionValues} already parsed.
 */
@Api
package io.pulse.spi.option;

import io.pulse.spi.Api;
