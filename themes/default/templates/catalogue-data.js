/* katalogs: the catalogue's filter data (see catalogue_data in src/render/catalogue.rs). */
katalogsCatalogueData({{ data | safe }});
