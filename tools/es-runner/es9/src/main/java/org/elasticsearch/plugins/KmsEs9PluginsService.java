package org.elasticsearch.plugins;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.elasticsearch.Build;
import org.elasticsearch.action.admin.cluster.node.info.PluginsAndModules;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;

/** Elasticsearch 9.x's PluginsService over classpath plugin classes; the plugins themselves are in {@link KmsClasspathPlugins}. */
public class KmsEs9PluginsService extends PluginsService {

    private final KmsClasspathPlugins classpath;

    public KmsEs9PluginsService(Settings settings, Environment environment, Collection<Class<? extends Plugin>> pluginClasses) {
        // An empty PluginsLoader: no module/plugin bundles, no module layers (what the test framework's MockPluginsService does).
        super(settings, environment.configDir(), new PluginsLoader(Set.of(), Set.of(), Map.of()));
        String java = Integer.toString(Runtime.version().feature());
        this.classpath = new KmsClasspathPlugins(pluginClasses, settings, environment.configDir(), (cls, plugin) -> new LoadedPlugin(
            new PluginDescriptor(cls.getName(), KmsClasspathPlugins.DESCRIPTION, "NA", Build.current().version(), java, cls.getName(),
                null, List.of(), false, false, false, false, PluginDescriptor.DeploymentTarget.ALL),
            plugin, cls.getClassLoader())); // 9.x: no module layer
    }

    @Override
    protected List<LoadedPlugin> plugins() {
        return classpath.plugins();
    }

    @Override
    public PluginsAndModules info() {
        return classpath.info();
    }

    @Override
    public <T> List<? extends T> loadServiceProviders(Class<T> service) {
        return classpath.loadServiceProviders(service);
    }
}
