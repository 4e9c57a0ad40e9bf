package io.llmsvc.server.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;

/**
 * The server's settings as a command sees them, without starting Spring: {@code --name=value} flags, then the
 * environment, then {@code ./config/application.yaml} and {@code ./application.yaml}, then the built-in
 * {@code application.yaml} — the order the server uses for these sources.
 */
final class CliSettings {
    private final StandardEnvironment env = new StandardEnvironment();

    CliSettings(List<String> flags, Map<String, String> environment) {
        var sources = env.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        sources.addLast(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.copyOf(environment)));
        if (!flags.isEmpty()) sources.addFirst(new SimpleCommandLinePropertySource(flags.toArray(String[]::new)));
        try {
            YamlPropertySourceLoader yaml = new YamlPropertySourceLoader();
            for (Path p : List.of(Path.of("config", "application.yaml"), Path.of("application.yaml"))) {
                if (Files.isRegularFile(p)) for (PropertySource<?> ps : yaml.load("file:" + p, new FileSystemResource(p))) sources.addLast(ps);
            }
            for (PropertySource<?> ps : yaml.load("classpath:application.yaml", new ClassPathResource("application.yaml"))) sources.addLast(ps);
        } catch (IOException e) {
            throw new CliException("cannot read the settings: " + CliException.rootMessage(e));
        }
        sources.addLast(new MapPropertySource("defaults", Map.of()));
        ConfigurationPropertySources.attach(env);
    }

    String get(String name, String dflt) {
        try {
            String v = env.getProperty(name);
            return v == null || v.isBlank() ? dflt : v;
        } catch (IllegalArgumentException e) {
            throw new CliException("setting " + name + ": " + e.getMessage(), 2);
        }
    }

    <T> T bind(String prefix, Class<T> type) {
        return Binder.get(env).bindOrCreate(prefix, type);
    }

    Path dataDir() {
        return Path.of(get("llmsvc.data-dir", "./data"));
    }
}
