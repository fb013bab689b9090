package org.elasticsearch.plugins;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import org.elasticsearch.action.admin.cluster.node.info.PluginsAndModules;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.plugins.PluginsService.LoadedPlugin;
import org.elasticsearch.plugins.spi.SPIClassIterator;

/**
 * The plugins of the adapters' PluginsService subclasses (KmsEs8PluginsService, KmsEs9PluginsService), which
 * load only the given classpath plugin classes (no modules/plugins directories). The PluginsService constructor,
 * the plugin descriptor and the LoadedPlugin record differ between 8.x and 9.x; the subclasses make those and
 * hand everything else to this.
 *
 * All plugins share the application class loader here, so a naive SPI scan per plugin would find every
 * provider (e.g. the server's own FeatureSpecifications) once per plugin; providers are therefore
 * de-duplicated by class, and a provider whose one-argument constructor wants a specific plugin type
 * is only bound to that plugin.
 *
 * It lives in {@code org.elasticsearch.plugins} because {@code PluginsService}'s loading helpers are package-private.
 */
final class KmsClasspathPlugins {

    static final String DESCRIPTION = "classpath plugin (kms-es-runner)";

    private final List<LoadedPlugin> plugins;
    private final PluginsAndModules info;

    /** Instantiates each plugin class, wraps it with {@code loaded} in the version's LoadedPlugin, and wires extensions. */
    KmsClasspathPlugins(
        Collection<Class<? extends Plugin>> pluginClasses,
        Settings settings,
        Path configPath,
        BiFunction<Class<? extends Plugin>, Plugin, LoadedPlugin> loaded
    ) {
        List<LoadedPlugin> list = new ArrayList<>();
        for (Class<? extends Plugin> pluginClass : pluginClasses) {
            list.add(loaded.apply(pluginClass, PluginsService.loadPlugin(pluginClass, settings, configPath)));
        }
        PluginsService.loadExtensions(list);
        this.plugins = List.copyOf(list);
        this.info = new PluginsAndModules(list.stream().map(LoadedPlugin::descriptor).map(PluginRuntimeInfo::new).toList(), List.of());
    }

    /** The subclass's {@code plugins()}. */
    List<LoadedPlugin> plugins() {
        return plugins;
    }

    /** The subclass's {@code info()}: the classpath plugins, no modules. */
    PluginsAndModules info() {
        return info;
    }

    /** The subclass's {@code loadServiceProviders}: each provider class once, bound to the plugin it asks for. */
    <T> List<? extends T> loadServiceProviders(Class<T> service) {
        Map<Class<?>, T> result = new LinkedHashMap<>();
        for (LoadedPlugin lp : plugins) {
            Plugin plugin = lp.instance();
            Iterator<Class<? extends T>> it = SPIClassIterator.get(service, plugin.getClass().getClassLoader());
            while (it.hasNext()) {
                Class<? extends T> providerClass = it.next();
                if (result.containsKey(providerClass) || boundToOtherPlugin(providerClass, plugin)) {
                    continue;
                }
                result.put(providerClass, PluginsService.createExtension(providerClass, service, plugin));
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
