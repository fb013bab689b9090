package org.elasticsearch.plugins;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.elasticsearch.Build;
import org.elasticsearch.action.admin.cluster.node.info.PluginsAndModules;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.jdk.ModuleQualifiedExportsService;

/** Elasticsearch 8.14's PluginsService over classpath plugin classes; the plugins themselves are in {@link KmsClasspathPlugins}. */
public class KmsEs8PluginsService extends PluginsService {

    private final KmsClasspathPlugins classpath;

    public KmsEs8PluginsService(Settings settings, Environment environment, Collection<Class<? extends Plugin>> pluginClasses) {
        super(settings, environment.configFile(), null, null);
        String java = Integer.toString(Runtime.version().feature());
        this.classpath = new KmsClasspathPlugins(pluginClasses, settings, environment.configFile(), (cls, plugin) -> new LoadedPlugin(
            new PluginDescriptor(cls.getName(), KmsClasspathPlugins.DESCRIPTION, "NA", Build.current().version(), java, cls.getName(),
                null, List.of(), false, false, false, false),
            plugin, cls.getClassLoader(), ModuleLayer.boot()));
    }

    @Override
    protected List<LoadedPlugin> plugins() {
        return classpath.plugins();
    }

    @Override
    protected void addServerExportsService(Map<String, List<ModuleQualifiedExportsService>> qualifiedExports) {
        // not running as JPMS modules: nothing to export
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
