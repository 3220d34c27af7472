module hplugin.dev/specgen

go 1.24
