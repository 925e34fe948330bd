/**
 * The two query languages: JSONata expressions and templates ({@code "{% ... %}"}), and the JSONPath
 * dialect's paths, payload templates ({@code "name.$"}) and intrinsic functions
 * ({@code States.Format(...)}). Implementation of {@link dev.ecstatic.asl}, not API.
 */
package dev.ecstatic.asl.data;
