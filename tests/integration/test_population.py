from kdkmp_analysis.region import population


def test_estimate_keeps_the_published_total_and_is_labelled(desa_polygons):
    pop = population.desa_population("35.14", desa_polygons)
    assert len(pop) == 365
    assert int(pop["penduduk"].sum()) == 1_665_922
    assert (pop["status_penduduk"] == "perkiraan").all()
    assert pop["sumber_penduduk"].str.startswith("perkiraan").all()
    assert (pop["penduduk"] > 0).all()
    kec = population.kecamatan_population(pop)
    assert len(kec) == 24 and int(kec["penduduk"].sum()) == 1_665_922


def test_kelurahan_weighted_above_a_desa_of_equal_area(desa_polygons):
    poly = desa_polygons.copy()
    poly["geometry"] = poly.geometry.iloc[0]  # every desa the same shape
    pop = population.desa_population("35.14", poly)
    kel = pop.loc[desa_polygons["jenis"].to_numpy() == "kelurahan", "penduduk"]
    des = pop.loc[desa_polygons["jenis"].to_numpy() == "desa", "penduduk"]
    assert kel.min() > 1.9 * des.max()
