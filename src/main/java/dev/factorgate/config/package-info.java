/** Configuration: the records read from conf/factorgate.yaml and the environment, the loader and the validator that reports every problem at once. */
package dev.factorgate.config;
