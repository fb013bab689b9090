package org.elasticsearch.plugins;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.elasticsearch.Build;
import org.elasticsearch.action.admin.cluster.node.info.PluginsAndModules;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.spi.SPIClassIterator;

/**
 * PluginsService that loads only the given classpath plugin classes (no modules/plugins directories).
 *
 * All plugins share the application class loader here, so a naive SPI scan per plugin would find every
 * provider (e.g. the server's own FeatureSpecifications) once per plugin; providers are therefore
 * de-duplicated by class, and a provider whose one-argument constructor wants a specific plugin type
 * is only bound to that plugin.
 */
public class KmsClasspathPluginsService extends PluginsService {

    private final List<LoadedPlugin> classpathPlugins;
    private final PluginsAndModules classpathInfo;

    public KmsClasspathPluginsService(Settings settings, Environment environment, Collection<Class<? extends Plugin>> pluginClasses) {
        // An empty PluginsLoader: no module/plugin bundles, no module layers (what the test framework's MockPluginsService does).
        super(settings, environment.configDir(), new PluginsLoader(Set.of(), Set.of(), Map.of()));
        Path configPath = environment.configDir();
        List<LoadedPlugin> loaded = new ArrayList<>();
        for (Class<? extends Plugin> pluginClass : pluginClasses) {
            Plugin plugin = loadPlugin(pluginClass, settings, configPath);
            PluginDescriptor descriptor = new PluginDescriptor(
                pluginClass.getName(),
                "classpath plugin (kms-es-runner)",
                "NA",
                Build.current().version(),
                Integer.toString(Runtime.version().feature()),
                pluginClass.getName(),
                null,
                List.of(),
                false,
                false,
                false,
                false,
                PluginDescriptor.DeploymentTarget.ALL
            );
            loaded.add(new LoadedPlugin(descriptor, plugin, pluginClass.getClassLoader()));
        }
        loadExtensions(loaded);
        this.classpathPlugins = List.copyOf(loaded);
        this.classpathInfo = new PluginsAndModules(
            loaded.stream().map(LoadedPlugin::descriptor).map(PluginRuntimeInfo::new).toList(),
            List.of()
        );
    }

    @Override
    protected List<LoadedPlugin> plugins() {
        return classpathPlugins;
    }

    @Override
    public PluginsAndModules info() {
        return classpathInfo;
    }

    @Override
    public <T> List<? extends T> loadServiceProviders(Class<T> service) {
        Map<Class<?>, T> result = new LinkedHashMap<>();
        for (LoadedPlugin lp : plugins()) {
            Plugin plugin = lp.instance();
            Iterator<Class<? extends T>> it = SPIClassIterator.get(service, plugin.getClass().getClassLoader());
            while (it.hasNext()) {
                Class<? extends T> providerClass = it.next();
                if (result.containsKey(providerClass) || boundToOtherPlugin(providerClass, plugin)) {
                    continue;
                }
                result.put(providerClass, createExtension(providerClass, service, plugin));
            }
        }
        return List.copyOf(result.values());
    }

    private static boolean boundToOtherPlugin(Class<?> providerClass, Plugin plugin) {
        for (var ctor : providerClass.getConstructors()) {
            if (ctor.getParameterCount() == 1 && ctor.getParameterTypes()[0] != plugin.getClass()) {
                return true;
            }
        }
        return false;
    }
}
