/* The notebooks carry no mathematics: this stands in for MathJax so that nothing is fetched
   from a CDN (see _config.yml, mathjax_path). */
